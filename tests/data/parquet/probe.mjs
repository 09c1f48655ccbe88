import { DuckDBInstance } from '@duckdb/node-api';
const db = await (await DuckDBInstance.create(':memory:')).connect();
const rows = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS();
const j = (x) => JSON.stringify(x, (k, v) => (typeof v === 'bigint' ? String(v) : v));
for (const f of process.argv.slice(2)) {
  console.log(f, j(await rows(`SELECT row_group_id, row_group_num_rows, path_in_schema, type, num_values, data_page_offset, dictionary_page_offset, total_compressed_size, encodings FROM parquet_metadata('testing/${f}')`)));
  console.log(j(await rows(`SELECT name, type, converted_type, logical_type::VARCHAR AS l, repetition_type FROM parquet_schema('testing/${f}')`)));
}
