// The nested-schema fixtures of tests/io/parquet_nested_test.cpp, written by DuckDB (called
// from generate.mjs, which passes its `run` and its flattened `reading` of a file): structs
// with nulls at every level, in two row groups, with data pages v1 and v2; lists and maps
// beside flat columns and struct fields (with rows and without); a struct field whose dotted
// name another column has. duckdb/nested/nested.json holds DuckDB's reading of each: the
// struct fields flattened to dotted names (a null struct giving null fields) with every
// value, and the list and map columns under `nested`.
import { mkdirSync, writeFileSync } from 'node:fs';

// Row i's value of a field that is null where `cond` holds.
const nullIf = (cond, expr) => `CASE WHEN ${cond} THEN NULL ELSE ${expr} END`;

export async function writeNested({ run, out, version, reading }) {
  const dir = `${out}nested/`;
  mkdirSync(dir, { recursive: true });
  // s: a nullable struct of nullable fields; deep: a NOT NULL struct three levels deep, null
  // at each level in turn; t: dates, timestamps and decimals inside a struct.
  await run(
    `CREATE TABLE nested_t (id INTEGER NOT NULL, s STRUCT(a INTEGER, b VARCHAR), ` +
      `deep STRUCT(x STRUCT(y STRUCT(z DOUBLE)), w BOOLEAN) NOT NULL, ` +
      `t STRUCT(d DATE, ts TIMESTAMP, "dec" DECIMAL(18,3)))`,
  );
  const z = nullIf('i % 3 = 2', '(i / 8.0 - 100)::DOUBLE');
  const y = nullIf('i % 10 = 1', `{'z': ${z}}`);
  const x = nullIf('i % 6 = 0', `{'y': ${y}}`);
  await run(
    `INSERT INTO nested_t SELECT i, ` +
      nullIf('i % 7 = 0', `{'a': ${nullIf('i % 5 = 0', 'i * 3 - 4000')}, ` +
        `'b': ${nullIf('i % 4 = 0', `'b' || (i % 9)::VARCHAR`)}}`) + ', ' +
      `{'x': ${x}, 'w': ${nullIf('i % 11 = 0', 'i % 2 = 0')}}, ` +
      nullIf('i % 13 = 0', `{'d': DATE '2001-02-03' + i::INTEGER, ` +
        `'ts': make_timestamp(1000000000000000 + i * 3600000001), ` +
        `'dec': (i * 1234567 - 1000000000)::DECIMAL(18,3) / 1000}`) +
      ` FROM range(3000) r(i)`,
  );
  const files = [
    // Two row groups (2,048 and 952 rows), data pages v1.
    ['structs-v1.parquet', 'SELECT * FROM nested_t', 'V1'],
    // Data pages v2: strings (dictionary) and booleans (RLE) only, which V2 writes without the
    // DELTA encodings.
    ['structs-v2.parquet', "SELECT s.b AS b, {'p': {'q': s.b, 'r': deep.w}} AS v FROM nested_t", 'V2'],
    // Lists and maps beside flat columns and struct fields.
    [
      'lists.parquet',
      `SELECT id, s, [id, id + 1] AS l, map(['k' || (id % 3)::VARCHAR], [id]) AS m, ` +
        `{'k': id, 'tags': ['t' || id::VARCHAR]} AS sl, [{'a': id}] AS ls, 'z' || id::VARCHAR AS z ` +
        `FROM nested_t WHERE id < 100`,
      'V1',
    ],
    // A list beside flat columns in two row groups (2,048 and 952 rows): drift-check leaves
    // the list out of every piece (tests/drift/nested_test.cpp).
    [
      'lists-groups.parquet',
      `SELECT id, [id] AS l, (id * 7919 % 1000) / 10.0 AS x, 'c' || (id % 5)::VARCHAR AS c FROM nested_t`,
      'V1',
    ],
    // The same columns without rows: no value is needed, so nothing is refused.
    ['lists-empty.parquet', "SELECT id, [id] AS l, {'k': id} AS s FROM nested_t WHERE id < 0", 'V1'],
    // A column named "s.a" beside a struct s with a field a.
    ['collision.parquet', `SELECT id AS "s.a", {'a': id * 2, 'b': id} AS s, id AS ok FROM nested_t WHERE id < 10`, 'V1'],
  ];
  const reads = {};
  for (const [name, select, v] of files) {
    const file = `${dir}${name}`;
    await run(
      `COPY (${select}) TO '${file}' ` +
        `(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048, PARQUET_VERSION ${v})`,
    );
    reads[name] = await reading(file);
  }
  const lines = Object.entries(reads).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  writeFileSync(
    `${dir}nested.json`,
    `{"duckdb": ${JSON.stringify(version)}, "files": {\n${lines.join(',\n')}\n}}\n`,
  );
  console.log(`nested: ${files.length} files`);
}
