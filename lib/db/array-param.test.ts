/**
 * Batches travel as array literals built in JavaScript (and a few as json): every value must come back from PostgreSQL
 * exactly as written — text that looks like array syntax or like NULL, quotes and backslashes, amounts above 2^53 —
 * and what PostgreSQL's text cannot hold (U+0000, a lone surrogate) as U+FFFD instead of failing the batch.
 */
import { describe, expect, it } from "vitest";
import { BIGINT_TYPES, pool } from "../db";
import { numberArray, textArray } from "./array-param";
import { jsonParam } from "./json-param";

describe("array parameters", () => {
  it("read back text exactly, whatever it holds", async () => {
    const values = ["NULL", "null", "", " padded ", `"quoted"`, "back\\slash", `\\"`, "{a,b}", "a,b", "{", "}", "tab\tnew\nline", "\u00e9\u4e2d\u{1f600}", `{"json": [1, "x"]}`, null, "x\ud800y", "nul\u0000\u0000", "\\u0000"];
    const { rows } = await pool().query<{ v: string | null; n: number }>(`select v, n::int from unnest($1::text[]) with ordinality as t(v, n) order by n`, [textArray(values)]);
    expect(rows.map((r) => r.v)).toEqual(values.map((v) => (v === null ? null : v.replace("\ud800", "\ufffd").replaceAll("\u0000", "\ufffd"))));
  });

  it("read back integers, amounts above 2^53, booleans and nulls exactly", async () => {
    const big = 2n ** 63n - 1n;
    const { rows } = await pool().query<{ b: bigint | null; i: number | null; f: boolean | null }>({
      text: `select b, i, f from unnest($1::bigint[], $2::int[], $3::bool[]) as t(b, i, f)`,
      values: [numberArray([big, -big, 0n, null]), numberArray([2_147_483_647, -1, undefined, 0]), numberArray([true, false, null, true])],
      types: BIGINT_TYPES,
    });
    expect(rows).toEqual([
      { b: big, i: 2_147_483_647, f: true },
      { b: -big, i: -1, f: false },
      { b: 0n, i: null, f: null },
      { b: null, i: 0, f: true },
    ]);
  });

  it("read back json documents as jsonb, and an empty batch as no rows", async () => {
    const docs = [{ model: `m"\\`, list: [1, null, "two"] }, null];
    const { rows } = await pool().query<{ d: unknown }>(`select d from unnest($1::jsonb[]) as t(d)`, [textArray(docs.map((d) => (d ? JSON.stringify(d) : null)))]);
    expect(rows.map((r) => r.d)).toEqual(docs);
    // text and jsonb refuse \u0000 and lone surrogates: written as U+FFFD; the six characters \u0000 stay as they are
    const awkward = { a: "x\u0000y", b: ["\udc00", "\\u0000", "\\ud800"], c: "ok" };
    const written = await pool().query<{ d: unknown; t: string }>(`select d, d->>'a' as t from unnest($1::jsonb[]) as t(d)`, [textArray([jsonParam(awkward)])]);
    expect(written.rows).toEqual([{ d: { a: "x\ufffdy", b: ["\ufffd", "\\u0000", "\\ud800"], c: "ok" }, t: "x\ufffdy" }]);
    const asText = await pool().query<{ a: string }>(`select a from json_to_recordset($1::json) as r(a text)`, [jsonParam([{ a: "\u0000" }])]);
    expect(asText.rows).toEqual([{ a: "\ufffd" }]);
    const empty = await pool().query(`select * from unnest($1::text[], $2::bigint[]) as t(a, b)`, [textArray([]), numberArray([])]);
    expect(empty.rows).toEqual([]);
  });
});
