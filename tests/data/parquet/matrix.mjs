// The codec x encoding x type x nullability matrix (README.md, "duckdb/matrix/"), written by
// generate.mjs beside this file: one table of every type DuckDB writes to Parquet, each column
// four times (high cardinality and low cardinality, each nullable and NOT NULL), written with
// every codec DuckDB has and both of its Parquet versions. The encodings follow from those:
//   V1: PLAIN for high cardinality, PLAIN_DICTIONARY for low (ENUM is always RLE_DICTIONARY)
//   V2: DELTA_BINARY_PACKED (integers, dates, timestamps, decimals in INT32/INT64),
//       BYTE_STREAM_SPLIT (FLOAT, DOUBLE), DELTA_LENGTH_BYTE_ARRAY (strings, blobs), PLAIN
//       (booleans, FIXED_LEN_BYTE_ARRAY), RLE_DICTIONARY for low cardinality
// (DuckDB 1.5 writes no DELTA_BYTE_ARRAY, and BYTE_STREAM_SPLIT only for FLOAT and DOUBLE;
// files.json lists what it did write, chunk by chunk.) The low-cardinality copy of a column
// is the same expression of i % 6 instead of the row number i, so it keeps the edge values.
//
// Outputs, in duckdb/matrix/:
//   <codec>-v1.parquet, <codec>-v2.parquet   400 rows, one row group
//   values.json   DuckDB's reading of them (identical for all twelve, checked here), rendered
//                 as the reader renders values (see reference() in generate.mjs)
//   files.json    each file's column chunks: codec and encodings, as parquet_metadata() says
//   stats.json    per column, what the toolkit's reports must agree with, computed by DuckDB
//                 from its reading of uncompressed-v1.parquet with the toolkit's rules
//                 (docs/data-validate.md): rows; nulls (a NaN of a FLOAT or DOUBLE column
//                 counts as null); over the other values distinct (count(DISTINCT)), min and
//                 max (as reference text) and the rows holding them; for numeric columns
//                 finite and inf (infinite values), and mean when there is no infinity.
//   interval.parquet   an INTERVAL column (the reader refuses it, naming the column)

// Types the matrix adds to generate.mjs's `columns`: name, SQL type, expression of row i.
export function extraColumns(h) {
  return [
    ['d4', 'DECIMAL(4,1)', `(((${h} % 19999) - 9999) / 10)::DECIMAL(4,1)`],
    ['ts_s', 'TIMESTAMP_S', `make_timestamp(((${h} % 4000000000) - 1000000000) * 1000000)::TIMESTAMP_S`],
    // DuckDB writes a HUGEINT as a DOUBLE (and reads it back as one).
    ['hi', 'HUGEINT', `(${h}::HUGEINT * ${h} * ${h} - 4611686018427387904)`],
    ['bl', 'BLOB', `unhex(md5(i::VARCHAR) || '00ff')`],
    ['en', 'mood', `(['sad', 'ok', 'happy'][${h} % 3 + 1])::mood`],
    // TIME WITH TIME ZONE: written as TIME(isAdjustedToUTC), read back at offset +00.
    ['ttz', 'TIMETZ', `make_time(${h} % 24, ${h} % 60, (${h} % 60000000) / 1000000.0)::TIMETZ`],
    ['js', 'JSON', `('{"i": ' || i::VARCHAR || ', "s": "' || md5(i::VARCHAR) || '"}')::JSON`],
  ];
}

// The reader's Compare of a column of DuckDB type `type` (tests/parquet/reference.h).
function compareOf(type) {
  if (type === 'FLOAT') return 'float';
  if (type === 'DOUBLE' || type === 'HUGEINT') return 'double';
  if (type === 'BLOB') return 'hex';
  return 'text';
}

const kNumeric = /^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const kFloating = /^(FLOAT|DOUBLE)$/;

// The statistics of column `c` of `from` (see the header), as SQL select items: over the
// values that are neither null nor NaN, count(DISTINCT), min and max (as reference text) and
// how many rows hold each; for numeric columns the finite and infinite values, and the mean
// when every value is finite.
function statsSql(c, type, reference, from) {
  const q = `"${c}"`;
  const value = kFloating.test(type) ? `(CASE WHEN NOT isnan(${q}) THEN ${q} END)` : q;
  const items = [
    `count(*) AS rows`,
    `count(*) - count(${value}) AS nulls`,
    `count(DISTINCT ${value}) AS distinct`,
    `${reference(`min(${value})`, type)} AS min`,
    `${reference(`max(${value})`, type)} AS max`,
    `count(CASE WHEN ${value} = (SELECT min(${value}) FROM ${from}) THEN 1 END) AS rows_at_min`,
    `count(CASE WHEN ${value} = (SELECT max(${value}) FROM ${from}) THEN 1 END) AS rows_at_max`,
  ];
  if (kNumeric.test(type)) {
    const finite = kFloating.test(type) ? `(CASE WHEN isfinite(${q}) THEN ${q} END)` : q;
    items.push(`count(${finite}) AS finite`, `count(${value}) - count(${finite}) AS inf`);
    items.push(
      `CASE WHEN count(${value}) = count(${finite}) THEN avg(${value}::DOUBLE)::VARCHAR END AS mean`,
    );
  }
  return items.join(', ');
}

const bigints = (r) =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
  );

export async function writeMatrix({ run, rows, db, columns, h, reference, out }) {
  const dir = `${out}matrix/`;
  (await import('node:fs')).mkdirSync(dir, { recursive: true });
  const { writeFileSync } = await import('node:fs');
  await run(`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`);
  const all = columns
    .filter(([name]) => !['i_dict', 'f_dict', 's_dict'].includes(name))
    .concat(extraColumns(h));
  const n = 400;
  const defs = [];
  const selects = [];
  const names = [];
  const types = [];
  const low = (expr) => expr.replace(/\bi\b/g, 'j');
  for (const [name, type, expr] of all) {
    const variants = [[name, expr]];
    if (type !== 'BOOLEAN') variants.push([`${name}_lo`, low(expr)]);
    for (const [c, e] of variants) {
      defs.push(`${c} ${type}`, `${c}_nn ${type} NOT NULL`);
      selects.push(`CASE WHEN ${h} % 7 = 3 OR i = 0 THEN NULL ELSE ${e} END`, e);
      names.push(c, `${c}_nn`);
      types.push(type, type);
    }
  }
  defs.push('null_i32 INTEGER', 'null_s VARCHAR');
  selects.push('NULL', 'NULL');
  names.push('null_i32', 'null_s');
  types.push('INTEGER', 'VARCHAR');
  await run(`CREATE TABLE m (${defs.join(', ')})`);
  await run(`INSERT INTO m SELECT ${selects.join(', ')} FROM (SELECT i, i % 6 AS j FROM range(${n}) r(i))`);

  // DuckDB's own type names (an ENUM reads back as VARCHAR, a HUGEINT as DOUBLE).
  const sqlType = (t) =>
    ({ mood: 'VARCHAR', HUGEINT: 'DOUBLE', TIMESTAMP_S: 'TIMESTAMP' })[t] ?? t;
  const refs = names.map((c, k) => `${reference(`"${c}"`, sqlType(types[k]))} AS "${c}"`);
  const codecs = ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4', 'brotli'];
  const files = [];
  let values = null;
  for (const codec of codecs) {
    for (const version of ['V1', 'V2']) {
      const name = `${codec}-${version.toLowerCase()}.parquet`;
      const file = `${dir}${name}`;
      await run(
        `COPY m TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, PARQUET_VERSION ${version})`,
      );
      const read = (await db.runAndReadAll(`SELECT ${refs.join(', ')} FROM read_parquet('${file}')`))
        .getRowsJS()
        .map((r) => r.map((v) => (v === null ? null : String(v))));
      if (values === null) values = read;
      else if (JSON.stringify(read) !== JSON.stringify(values)) throw new Error(`${name}: values differ`);
      const chunks = (
        await rows(
          `SELECT path_in_schema AS column, encodings, compression ` +
            `FROM parquet_metadata('${file}') ORDER BY row_group_id, column_id`,
        )
      ).map((r) => [r.column, r.encodings, r.compression]);
      files.push({ file: name, codec, version, chunks });
    }
  }
  const version = (await rows('SELECT version() AS v'))[0].v;
  const compare = names.map((c, k) => compareOf(sqlType(types[k])));
  writeFileSync(
    `${dir}values.json`,
    JSON.stringify({ duckdb: version, rows: n, columns: names, types: types.map(sqlType), compare, values }) + '\n',
  );
  writeFileSync(`${dir}files.json`, JSON.stringify({ duckdb: version, files }, null, 1) + '\n');

  const stats = {};
  for (let k = 0; k < names.length; ++k) {
    const type = sqlType(types[k]);
    if (type === 'BLOB' || type === 'JSON') continue;
    const from = `read_parquet('${dir}uncompressed-v1.parquet')`;
    const [r] = (await rows(`SELECT ${statsSql(names[k], type, reference, from)} FROM ${from}`)).map(
      bigints,
    );
    stats[names[k]] = { type, ...r };
  }
  writeFileSync(`${dir}stats.json`, JSON.stringify({ duckdb: version, columns: stats }, null, 1) + '\n');

  await run(
    `COPY (SELECT i::INTEGER AS id, INTERVAL 1 DAY * i AS span FROM range(3) r(i)) ` +
      `TO '${dir}interval.parquet' (FORMAT parquet)`,
  );
  console.log(`matrix: ${files.length} files, ${names.length} columns`);
}

// Edges the matrix does not reach (duckdb/matrix/edges-v1.parquet, edges-v2.parquet, snappy,
// 5,000 rows in row groups of 2,048): columns whose encoding changes between row groups
// (dictionary in the first, plain or DELTA_* in the next, as DuckDB decides per row group),
// DECIMALs of precision 1, 10 (scale 10), 20 and 25, strings of 70,000 bytes (two) and with a NUL,
// the first and last dates and timestamps DuckDB has (years 1 and 9999, a microsecond before
// and after the epoch; nanosecond timestamps near the ends of 64 bits), the smallest and
// largest floats and doubles (subnormal, maximal, negative normal), and booleans in two long
// runs. edges.json: DuckDB's reading of each (the same for both, checked here).
export async function writeEdges({ db, reference, out }) {
  const dir = `${out}matrix/`;
  const { writeFileSync } = await import('node:fs');
  const columns = [
    ['id', 'INTEGER', 'i::INTEGER'],
    ['mixed_i', 'INTEGER', 'CASE WHEN i < 2048 THEN (i % 3)::INTEGER ELSE i::INTEGER END'],
    ['mixed_s', 'VARCHAR', "CASE WHEN i < 2048 THEN 'k' || (i % 3)::VARCHAR ELSE md5(i::VARCHAR) END"],
    ['dec1', 'DECIMAL(1,0)', '(i % 19 - 9)::DECIMAL(1,0)'],
    ['dec10', 'DECIMAL(10,10)', '((i % 1999 - 999) / 1000.0)::DECIMAL(10,10)'],
    ['dec20', 'DECIMAL(20,5)', '((i - 2500) * 12345678901.23457)::DECIMAL(20,5)'],
    ['dec25', 'DECIMAL(25,0)', '((i - 2500)::HUGEINT * 1000000000000000000007)::DECIMAL(25,0)'],
    ['odd_s', 'VARCHAR', "CASE WHEN i % 2500 = 7 THEN repeat('x', 70000) || i::VARCHAR ELSE 'a' || chr(0) || 'b' || (i % 5)::VARCHAR END"],
    ['dt_edge', 'DATE', "[DATE '0001-01-01', DATE '9999-12-31', DATE '1969-12-31', DATE '1970-01-01'][i % 4 + 1]"],
    ['ts_edge', 'TIMESTAMP', "[TIMESTAMP '0001-01-01 00:00:00', TIMESTAMP '9999-12-31 23:59:59.999999', TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMP '1970-01-01 00:00:00.000001'][i % 4 + 1]"],
    ['tsns_edge', 'TIMESTAMP_NS', "[TIMESTAMP_NS '1677-09-22 00:12:44', TIMESTAMP_NS '2262-04-11 23:47:16', TIMESTAMP_NS '1969-12-31 23:59:59.999999999'][i % 3 + 1]"],
    ['f32_edge', 'FLOAT', '[1.4e-45::FLOAT, 3.4028235e38::FLOAT, -1.1754944e-38::FLOAT][i % 3 + 1]'],
    ['f64_edge', 'DOUBLE', '[4.9e-324, 1.7976931348623157e308, -2.2250738585072014e-308][i % 3 + 1]'],
    ['bool_runs', 'BOOLEAN', 'i < 3000'],
  ];
  await db.run(
    `CREATE TABLE edges AS SELECT ${columns.map(([n, , e]) => `${e} AS ${n}`).join(', ')} FROM range(5000) r(i)`,
  );
  const refs = columns.map(([n, t]) => `${reference(n, t)} AS ${n}`).join(', ');
  let values = null;
  const chunks = {};
  for (const version of ['V1', 'V2']) {
    const name = `edges-${version.toLowerCase()}.parquet`;
    const file = `${dir}${name}`;
    await db.run(
      `COPY edges TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048, PARQUET_VERSION ${version})`,
    );
    const read = (await db.runAndReadAll(`SELECT ${refs} FROM read_parquet('${file}')`))
      .getRowsJS()
      .map((r) => r.map((v) => (v === null ? null : String(v))));
    if (values === null) values = read;
    else if (JSON.stringify(read) !== JSON.stringify(values)) throw new Error(`${name}: values differ`);
    chunks[name] = (
      await db.runAndReadAll(
        `SELECT row_group_id, path_in_schema, encodings FROM parquet_metadata('${file}') ORDER BY row_group_id, column_id`,
      )
    )
      .getRowsJS()
      .map((r) => r.map(String));
  }
  const compare = columns.map(([, t]) => (t === 'FLOAT' ? 'float' : t === 'DOUBLE' ? 'double' : 'text'));
  writeFileSync(
    `${dir}edges.json`,
    JSON.stringify({ columns: columns.map(([n]) => n), compare, chunks, values }) + '\n',
  );
}
