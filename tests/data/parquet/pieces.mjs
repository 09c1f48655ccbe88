// Writes duckdb/pieces-sample.parquet (tests/drift/pieces_test.cpp): 12,288 rows in six row
// groups of 2,048, column v a DOUBLE whose values are whole numbers except 7.5 at row 8,000
// (0-based), id the row number. Read in two pieces, the first piece's row groups end at row
// 6,144, before the 7.5 that a one-piece read's 10,000-row type sample sees.
//
//   cd tests/data/parquet && npm install --no-save @duckdb/node-api@1.5.6-r.1 && node pieces.mjs
import { DuckDBInstance } from '@duckdb/node-api';

const out = new URL('./duckdb/pieces-sample.parquet', import.meta.url).pathname;
const db = await (await DuckDBInstance.create(':memory:')).connect();
await db.run(
  `COPY (SELECT i::BIGINT AS id, CASE WHEN i = 8000 THEN 7.5 ELSE (i % 97)::DOUBLE END AS v ` +
    `FROM range(12288) t(i) ORDER BY i) TO '${out}' ` +
    `(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)`,
);
