-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_YearClosure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "closedAt" DATETIME NOT NULL,
    "closedById" INTEGER NOT NULL,
    CONSTRAINT "YearClosure_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Data: a closure from before (one for the whole office) applies to every branch that existed,
-- so a single-branch database keeps its closed years.
INSERT INTO "new_YearClosure" ("orgId", "closedAt", "closedById", "year")
  SELECT o."id", y."closedAt", y."closedById", y."year" FROM "YearClosure" y CROSS JOIN "Org" o WHERE o."kind" = 'BRANCH';
DROP TABLE "YearClosure";
ALTER TABLE "new_YearClosure" RENAME TO "YearClosure";
CREATE INDEX "YearClosure_year_idx" ON "YearClosure"("year");
CREATE UNIQUE INDEX "YearClosure_orgId_year_key" ON "YearClosure"("orgId", "year");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
