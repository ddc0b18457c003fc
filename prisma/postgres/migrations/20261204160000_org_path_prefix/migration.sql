-- "Everything under an org" is `"path" LIKE prefix || '%'` (src/core/org-tree.ts). PostgreSQL
-- uses a plain btree index for a LIKE prefix only under the C collation; servers are usually
-- initialized with a language collation (en_US.UTF-8, zh_CN.UTF-8), so the prefix scan needs an
-- index with the pattern operator class. Written by hand (PostgreSQL only; Prisma's schema cannot
-- say text_pattern_ops for a btree on both engines; its diff leaves this extra index alone).
-- The prefix must be a value (a parameter), not a subquery: tests/db/org-path-index.test.ts.
CREATE INDEX "Org_path_pattern_idx" ON "Org" ("path" text_pattern_ops);
