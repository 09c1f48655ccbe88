// Writes a CSV file as Parquet with DuckDB (bench/run.sh: the bench tables as Parquet).
//
//   node bench/duckdb/to_parquet.mjs IN.csv OUT.parquet CODEC '{"col": "SQL TYPE", ...}'
//
// CODEC is a DuckDB parquet codec (snappy, zstd, ...). The columns' SQL types are given, not
// detected, so that each file states the type the toolkit infers from the CSV (a flights date
// such as "2001/01/01 00:01" stays a string). Row groups are DuckDB's default (122,880 rows).
// DuckDB comes from npm (package.json beside this file: `npm ci --prefix bench/duckdb`, which
// bench/run.sh runs when node_modules is missing).
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output, codec, types] = process.argv.slice(2);
if (!input || !output || !codec || !types) {
  console.error('usage: node to_parquet.mjs IN.csv OUT.parquet CODEC TYPES_JSON');
  process.exit(2);
}
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const columns = Object.entries(JSON.parse(types))
  .map(([name, type]) => `${quote(name)}: ${quote(type)}`)
  .join(', ');
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
await db.run("SET TimeZone = 'UTC'");
await db.run(
  `COPY (SELECT * FROM read_csv(${quote(input)}, header = true, columns = {${columns}})) ` +
    `TO ${quote(output)} (FORMAT parquet, COMPRESSION ${codec})`,
);
