// Writes the DuckDB fixtures of tests/io/parquet_test.cpp and DuckDB's reading of them.
//
//   cd tests/data/parquet && npm install --no-save @duckdb/node-api@1.5.6-r.1 && node generate.mjs
//
// For each codec, a table of every type DuckDB writes that the reader renders (booleans,
// signed and unsigned integers of each width, float, double, decimals stored as INT32, INT64
// and FIXED_LEN_BYTE_ARRAY, strings with low and high cardinality (dictionary and plain
// pages), dates, timestamps in ms, us and ns, times, UUIDs), each column once nullable (every
// seventh-ish value null) and once NOT NULL, in row groups of 500 rows (1,200 rows: three
// row groups). The values are deterministic (a linear congruential generator, no time or
// randomness). duckdb/<codec>.parquet is the file; duckdb/values.json holds what DuckDB reads
// back from each of them (the same for every codec, checked here): the column names and every
// value as text (null for null), DuckDB's own cast to VARCHAR except for timestamps and times,
// formatted with strftime as the reader renders them (a 'T', a fixed number of fraction
// digits, 'Z' for TIMESTAMPTZ). duckdb/files.json records each file's schema and column chunks
// as DuckDB's parquet_schema() and parquet_metadata() see them.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { writeEdges, writeMatrix } from './matrix.mjs';
import { writeNested } from './nested.mjs';

const out = new URL('./duckdb/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const run = (sql) => db.run(sql);
const rows = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS();

await run("SET TimeZone = 'UTC'");
await run('SELECT setseed(0.25)');

// The columns: name, SQL type, and the SQL expression of row i (an INTEGER from 0), using
// h, a pseudo-random BIGINT in [0, 2^31) of i.
const h = '((i * 1103515245 + 12345) % 2147483648)';
const columns = [
  ['b', 'BOOLEAN', `${h} % 2 = 0`],
  ['i8', 'TINYINT', `(${h} % 256 - 128)::TINYINT`],
  ['i16', 'SMALLINT', `(${h} % 65536 - 32768)::SMALLINT`],
  ['i32', 'INTEGER', `CASE WHEN i = 1 THEN -2147483648 WHEN i = 2 THEN 2147483647 ELSE (${h} - 1073741824)::INTEGER END`],
  ['i64', 'BIGINT', `CASE WHEN i = 1 THEN -9223372036854775808 WHEN i = 2 THEN 9223372036854775807 ELSE ${h} * ${h} * (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END) END`],
  ['u8', 'UTINYINT', `(${h} % 256)::UTINYINT`],
  ['u16', 'USMALLINT', `(${h} % 65536)::USMALLINT`],
  ['u32', 'UINTEGER', `CASE WHEN i = 2 THEN 4294967295 ELSE (${h} * 2)::UINTEGER END`],
  ['u64', 'UBIGINT', `CASE WHEN i = 2 THEN 18446744073709551615::UBIGINT ELSE (${h}::UBIGINT * ${h}::UBIGINT * 3) END`],
  ['f32', 'FLOAT', `CASE WHEN i = 1 THEN 'nan'::FLOAT WHEN i = 2 THEN 'inf'::FLOAT WHEN i = 3 THEN '-inf'::FLOAT WHEN i = 4 THEN -0.0::FLOAT WHEN i = 5 THEN 1e-45::FLOAT ELSE (${h} / 7.0 - 1e8)::FLOAT / 1000 END`],
  ['f64', 'DOUBLE', `CASE WHEN i = 1 THEN 'nan'::DOUBLE WHEN i = 2 THEN 'inf'::DOUBLE WHEN i = 3 THEN '-inf'::DOUBLE WHEN i = 4 THEN -0.0 WHEN i = 5 THEN 5e-324 WHEN i = 6 THEN 0.1 ELSE (${h} / 7.0 - 1e8) / 1000.0 END`],
  ['d9', 'DECIMAL(9,2)', `((${h} % 2000000) - 1000000)::DECIMAL(9,2) / 100`],
  ['d18', 'DECIMAL(18,4)', `(${h} * ${h} % 100000000000000 - 50000000000000)::DECIMAL(18,4) / 10000`],
  ['d38', 'DECIMAL(38,10)', `CASE WHEN i = 1 THEN '-9999999999999999999999999999.9999999999'::DECIMAL(38,10) WHEN i = 2 THEN '9999999999999999999999999999.9999999999'::DECIMAL(38,10) ELSE (((${h} * ${h})::HUGEINT * ${h} - 5000000000000000000000000)::VARCHAR || '.' || lpad((${h} * 7 % 10000000000)::VARCHAR, 10, '0'))::DECIMAL(38,10) END`],
  ['i_dict', 'INTEGER', `(${h} % 10 - 5)::INTEGER`],
  ['f_dict', 'DOUBLE', `[0.1, 0.2, 1e300, -2.5, 3.0][${h} % 5 + 1]`],
  ['s_dict', 'VARCHAR', `['alpha', 'beta', 'gamma', '', 'δέλτα', 'with,comma', 'with "quote"', 'line\nbreak'][${h} % 8 + 1]`],
  ['s_plain', 'VARCHAR', `'row-' || i::VARCHAR || '-' || md5(i::VARCHAR)`],
  ['dt', 'DATE', `DATE '1970-01-01' + ((${h} % 100000) - 40000)::INTEGER`],
  ['ts_ms', 'TIMESTAMP_MS', `make_timestamp(((${h} % 4000000000000) - 1000000000000) * 1000)::TIMESTAMP_MS`],
  ['ts_us', 'TIMESTAMP', `make_timestamp((${h} * 1000003) % 4000000000000000 - 1000000000000000)`],
  ['ts_ns', 'TIMESTAMP_NS', `make_timestamp_ns(${h} * 1000000007 - 1000000000000000000)`],
  ['tsz', 'TIMESTAMPTZ', `make_timestamp((${h} * 999983) % 3000000000000000)::TIMESTAMPTZ`],
  ['tm', 'TIME', `make_time(${h} % 24, ${h} % 60, (${h} % 60000000) / 1000000.0)`],
  ['uid', 'UUID', `md5(i::VARCHAR || 'uuid')::UUID`],
];

// How DuckDB's reading of column `name` (of SQL type `type`) becomes the reference text.
function reference(name, type) {
  switch (type) {
    case 'TIMESTAMP_MS':
      return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%g')`;
    case 'TIMESTAMP':
    case 'TIMESTAMP_S':
      return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%f')`;
    case 'TIMESTAMP_NS':
      return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%n')`;
    case 'TIMESTAMPTZ':
      return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
    case 'TIME':
      return `strftime(DATE '2000-01-01' + ${name}, '%H:%M:%S.%f')`;
    case 'BLOB':
      return `lower(hex(${name}))`;
    default:
      // DuckDB writes a DECIMAL without integer digits as ".5" and "-.5": with its 0.
      if (type.startsWith('DECIMAL')) return `regexp_replace(${name}::VARCHAR, '^(-?)[.]', '\\10.')`;
      return `${name}::VARCHAR`;
  }
}

const n = 1200;
const defs = [];
const selects = [];
for (const [name, type, expr] of columns) {
  defs.push(`${name} ${type}`, `${name}_nn ${type} NOT NULL`);
  selects.push(`CASE WHEN ${h} % 7 = 3 OR i = 0 THEN NULL ELSE ${expr} END`, expr);
}
await run(`CREATE TABLE t (${defs.join(', ')})`);
await run(`INSERT INTO t SELECT ${selects.join(', ')} FROM range(${n}) r(i)`);

const version = (await rows('SELECT version() AS v'))[0].v;
const codecs = ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4', 'brotli'];
const names = columns.flatMap(([name]) => [name, `${name}_nn`]);
const refs = columns.flatMap(([name, type]) =>
  [name, `${name}_nn`].map((c) => `${reference(c, type)} AS "${c}"`),
);
const strings = (r) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)]));
const files = [];
let values = null;
for (const codec of codecs) {
  const file = `${out}${codec}.parquet`;
  await run(`COPY t TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 500)`);
  const read = (await rows(`SELECT ${refs.join(', ')} FROM read_parquet('${file}')`)).map((r) =>
    names.map((c) => r[c]),
  );
  // Every file reads back as the same values: they are stored once.
  if (values === null) values = read;
  else if (JSON.stringify(read) !== JSON.stringify(values)) throw new Error(`${codec}: values differ`);
  const schema = (
    await rows(
      `SELECT name, type, repetition_type, converted_type, logical_type::VARCHAR AS logical_type ` +
        `FROM parquet_schema('${file}')`,
    )
  ).map(strings);
  const chunks = (
    await rows(
      `SELECT row_group_id, path_in_schema AS column, encodings, compression ` +
        `FROM parquet_metadata('${file}') ORDER BY row_group_id, column_id`,
    )
  ).map(strings);
  files.push({ file: `${codec}.parquet`, codec, schema, chunks });
  console.log(`${codec}: ${read.length} rows`);
}
writeFileSync(`${out}files.json`, JSON.stringify({ duckdb: version, files }, null, 1) + '\n');
writeFileSync(
  `${out}values.json`,
  JSON.stringify({ duckdb: version, rows: values.length, columns: names, values }) + '\n',
);

// Row groups and data pages v2: DuckDB makes row groups of at least 2,048 rows, so a smaller
// table of 5,000 rows in three row groups (2,048, 2,048, 904), written with data pages v1 and
// v2 (PARQUET_VERSION V2: DATA_PAGE_V2, RLE_DICTIONARY; and for the other columns
// DELTA_BINARY_PACKED, BYTE_STREAM_SPLIT and DELTA_LENGTH_BYTE_ARRAY: groups-v2-delta.parquet).
await run(
  `CREATE TABLE g AS SELECT i::INTEGER AS id, CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 0.37)::DOUBLE END AS x, ` +
    `CASE WHEN i % 7 = 0 THEN NULL ELSE 'v' || (i % 13)::VARCHAR END AS s, ` +
    `CASE WHEN i % 11 = 0 THEN NULL ELSE i % 3 = 0 END AS b, 'u' || i::VARCHAR AS u FROM range(5000) r(i)`,
);
const groups = {};
for (const [name, version, select] of [
  ['groups-v1', 'V1', 'id, x, s, b, u'],
  ['groups-v2', 'V2', 's, b'],
  ['groups-v2-delta', 'V2', 'id, x, s, b, u'],
]) {
  const file = `${out}${name}.parquet`;
  await run(
    `COPY (SELECT ${select} FROM g) TO '${file}' ` +
      `(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048, PARQUET_VERSION ${version})`,
  );
  const read = await db.runAndReadAll(`SELECT ${select.split(', ').map((c) => `${c}::VARCHAR`).join(', ')} FROM read_parquet('${file}')`);
  const chunks = (
    await rows(
      `SELECT row_group_id, path_in_schema AS column, encodings, compression, num_values ` +
        `FROM parquet_metadata('${file}') ORDER BY row_group_id, column_id`,
    )
  ).map(strings);
  groups[`${name}.parquet`] = {
    columns: select.split(', '),
    chunks,
    values: read.getRowsJS().map((r) => r.map((v) => (v === null ? null : String(v)))),
  };
}
writeFileSync(`${out}groups.json`, JSON.stringify({ duckdb: version, files: groups }) + '\n');

// Every codec x encoding x type x nullability: matrix.mjs says what and how.
await writeMatrix({ run, rows, db, columns, h, reference, out });
await writeEdges({ db, reference, out });

// The Apache parquet-testing files in testing/ (see README.md): DuckDB's reading of each, to
// check the reader's values against. Rendered as above, by the DuckDB type of each column;
// BLOB columns as lowercase hex (the reader gives their bytes), INT96 timestamps with nine
// fraction digits. Structs are flattened to dotted names ("a.b.c", a null parent giving null
// leaves), as the reader flattens them; a column holding a LIST or MAP has no value per row:
// it is listed under `nested` (with its DuckDB type) instead. A file DuckDB cannot read
// records its error instead; one whose reading equals an earlier file's records `same_as`.
const testing = new URL('./testing/', import.meta.url).pathname;

// The leaves of column `name` (SQL expression `expr`, DuckDB type `type`) of `file`.
async function leaves(file, name, expr, type) {
  if (!type.startsWith('STRUCT(') || !type.endsWith(')')) return [{ name, expr, type }];
  const fields = await rows(`DESCRIBE SELECT unnest(${expr}) FROM read_parquet('${file}')`);
  const out = [];
  for (const { column_name: f, column_type: t } of fields) {
    out.push(...(await leaves(file, `${name}.${f}`, `(${expr})."${f.replaceAll('"', '""')}"`, t)));
  }
  return out;
}

async function duckdbReading(file) {
  const described = await rows(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
  const physical = Object.fromEntries(
    (await rows(`SELECT name, type FROM parquet_schema('${file}')`)).map((r) => [r.name, r.type]),
  );
  const flat = [];
  const nested = {};
  for (const { column_name: c, column_type: type } of described) {
    for (const leaf of await leaves(file, c, `"${c}"`, type)) {
      if (leaf.type.includes('[]') || leaf.type.startsWith('MAP(')) nested[leaf.name] = leaf.type;
      else flat.push(leaf);
    }
  }
  const exprs = flat.map(({ name, expr: q, type }) => {
    const last = name.split('.').pop();
    if (physical[last] === 'INT96') return `strftime(${q}, '%Y-%m-%dT%H:%M:%S.%n')`;
    if (type === 'BLOB') return `lower(hex(${q}))`;
    if (type === 'TIMESTAMP WITH TIME ZONE') return reference(q, 'TIMESTAMPTZ');
    if (['TIMESTAMP', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'TIME'].includes(type)) return reference(q, type);
    return `${q}::VARCHAR`;
  });
  const count = Number((await rows(`SELECT count(*) AS n FROM read_parquet('${file}')`))[0].n);
  const values =
    exprs.length === 0
      ? []
      : (await db.runAndReadAll(`SELECT ${exprs.join(', ')} FROM read_parquet('${file}')`))
          .getRowsJS()
          .map((r) => r.map((v) => (v === null ? null : String(v))));
  const reading = {
    rows: count,
    columns: flat.map((l) => l.name),
    types: flat.map((l) => l.type),
    values,
  };
  if (Object.keys(nested).length > 0) reading.nested = nested;
  return reading;
}

const reads = {};
const seen = new Map();
const parquetFiles = readdirSync(testing, { recursive: true })
  .filter((f) => f.endsWith('.parquet') || f.endsWith('.parquet.encrypted'))
  .sort();
for (const name of parquetFiles) {
  try {
    const reading = await duckdbReading(`${testing}${name}`);
    const key = JSON.stringify(reading);
    reads[name] = seen.has(key) ? { same_as: seen.get(key) } : reading;
    if (!seen.has(key)) seen.set(key, name);
  } catch (e) {
    reads[name] = { error: String(e.message ?? e).split('\n')[0].replaceAll(testing, '') };
  }
}
// One line per file: readable diffs, a tenth of the indented size.
const lines = Object.entries(reads).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
writeFileSync(
  `${testing}duckdb-reads.json`,
  `{"duckdb": ${JSON.stringify(version)}, "files": {\n${lines.join(',\n')}\n}}\n`,
);
console.log(`testing: ${Object.keys(reads).length} files`);

// Nested schemas (structs, lists, maps): nested.mjs says what and how.
await writeNested({ run, out, version, reading: duckdbReading });
