-- Customer group names are unique without regard to case: "Partners" and "partners" were two groups with different
-- multipliers that read as one in every list and in `group:assign`. setGroupMultiplier refuses such a name with a
-- clear message; this index settles a race between two creations.
-- A database that already holds names differing only in case keeps the oldest one as it is and appends the first
-- characters of the id to the others (their members, keys and multipliers stay), so the index can always be built.
UPDATE "customer_groups" g
   SET "name" = g."name" || ' (' || left(g."id"::text, 8) || ')'
  FROM (SELECT "id", row_number() OVER (PARTITION BY lower("name") ORDER BY "created_at", "id") AS "n" FROM "customer_groups") ranked
 WHERE ranked."id" = g."id" AND ranked."n" > 1;
CREATE UNIQUE INDEX "customer_groups_name_lower_key" ON "customer_groups" (lower("name"));
