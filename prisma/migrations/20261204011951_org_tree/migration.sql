-- CreateTable
CREATE TABLE "Org" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parentId" INTEGER,
    "path" TEXT NOT NULL,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "setUpOn" TEXT,
    "dissolvedOn" TEXT,
    "population" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Org_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Org" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- Data: the existing branches become BRANCH orgs with the same ids (so Zone.branchId and
-- Member.branchId keep pointing at them) under one default county (县委) root.
INSERT INTO "Org" ("id", "code", "name", "kind", "parentId", "path", "depth", "createdAt")
SELECT COALESCE(MAX("id"), 0) + 1, 'COUNTY', '示范县委', 'COUNTY', NULL, '/' || (COALESCE(MAX("id"), 0) + 1) || '/', 0, CURRENT_TIMESTAMP FROM "Branch" WHERE EXISTS (SELECT 1 FROM "Branch");
INSERT INTO "Org" ("id", "code", "name", "kind", "parentId", "path", "depth", "createdAt")
SELECT b."id", 'ZB' || printf('%02d', b."id"), b."name", 'BRANCH', r."id", r."path" || b."id" || '/', 1, b."createdAt"
FROM "Branch" b, "Org" r WHERE r."kind" = 'COUNTY';

-- CreateTable
CREATE TABLE "OrgMembership" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "OrgMembership_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OrgMembership_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Grant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "grantedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Grant_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Grant_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Grant_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- Data: every member belongs to their branch from their registration on; ADMIN accounts hold an
-- ADMIN grant at the county (the whole system, as before).
INSERT INTO "OrgMembership" ("memberId", "orgId", "fromOn", "toOn")
SELECT "id", "branchId", "registeredOn", NULL FROM "Member";
INSERT INTO "Grant" ("memberId", "orgId", "role", "createdAt")
SELECT m."id", r."id", 'ADMIN', CURRENT_TIMESTAMP FROM "Member" m, "Org" r WHERE m."role" = 'ADMIN' AND r."kind" = 'COUNTY';

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "Branch";
PRAGMA foreign_keys=on;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Member" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "branchId" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "role" TEXT NOT NULL DEFAULT 'MEMBER',
    "cadreLevel" TEXT,
    "joinedPartyOn" TEXT,
    "registeredOn" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Member_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Org" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Member" ("active", "branchId", "cadreLevel", "createdAt", "deactivatedOn", "id", "joinedPartyOn", "mustChangePassword", "name", "passwordHash", "phone", "registeredOn", "role", "updatedAt", "username") SELECT "active", "branchId", "cadreLevel", "createdAt", "deactivatedOn", "id", "joinedPartyOn", "mustChangePassword", "name", "passwordHash", "phone", "registeredOn", "role", "updatedAt", "username" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE UNIQUE INDEX "Member_username_key" ON "Member"("username");
CREATE INDEX "Member_branchId_idx" ON "Member"("branchId");
CREATE INDEX "Member_role_idx" ON "Member"("role");
CREATE TABLE "new_RuleSetting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule" TEXT NOT NULL,
    "cadreLevel" TEXT,
    "value" INTEGER NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "orgId" INTEGER,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RuleSetting_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RuleSetting_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_RuleSetting" ("cadreLevel", "createdAt", "createdById", "effectiveFrom", "id", "rule", "value") SELECT "cadreLevel", "createdAt", "createdById", "effectiveFrom", "id", "rule", "value" FROM "RuleSetting";
DROP TABLE "RuleSetting";
ALTER TABLE "new_RuleSetting" RENAME TO "RuleSetting";
CREATE INDEX "RuleSetting_rule_effectiveFrom_idx" ON "RuleSetting"("rule", "effectiveFrom");
CREATE INDEX "RuleSetting_orgId_idx" ON "RuleSetting"("orgId");
CREATE TABLE "new_Zone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "branchId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "leaderId" INTEGER,
    "establishedOn" TEXT NOT NULL,
    "retiredOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Zone_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Org" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Zone_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Zone" ("branchId", "createdAt", "description", "establishedOn", "id", "leaderId", "name", "retiredOn") SELECT "branchId", "createdAt", "description", "establishedOn", "id", "leaderId", "name", "retiredOn" FROM "Zone";
DROP TABLE "Zone";
ALTER TABLE "new_Zone" RENAME TO "Zone";
CREATE INDEX "Zone_name_idx" ON "Zone"("name");
CREATE UNIQUE INDEX "Zone_branchId_name_key" ON "Zone"("branchId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Org_code_key" ON "Org"("code");

-- CreateIndex
CREATE INDEX "Org_path_idx" ON "Org"("path");

-- CreateIndex
CREATE INDEX "Org_parentId_idx" ON "Org"("parentId");

-- CreateIndex
CREATE INDEX "Org_kind_idx" ON "Org"("kind");

-- CreateIndex
CREATE INDEX "OrgMembership_memberId_fromOn_idx" ON "OrgMembership"("memberId", "fromOn");

-- CreateIndex
CREATE INDEX "OrgMembership_orgId_fromOn_idx" ON "OrgMembership"("orgId", "fromOn");

-- CreateIndex
CREATE INDEX "Grant_orgId_idx" ON "Grant"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "Grant_memberId_orgId_role_key" ON "Grant"("memberId", "orgId", "role");

-- The ledger version (src/reports/report-cache.ts): redefined tables lost their triggers; the
-- tree and memberships change figures too.
CREATE TRIGGER "LedgerVersion_Org_insert" AFTER INSERT ON "Org"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Org_update" AFTER UPDATE ON "Org"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Org_delete" AFTER DELETE ON "Org"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_OrgMembership_insert" AFTER INSERT ON "OrgMembership"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_OrgMembership_update" AFTER UPDATE ON "OrgMembership"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_OrgMembership_delete" AFTER DELETE ON "OrgMembership"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Member_insert" AFTER INSERT ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Member_update" AFTER UPDATE ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Member_delete" AFTER DELETE ON "Member"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Zone_insert" AFTER INSERT ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Zone_update" AFTER UPDATE ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_Zone_delete" AFTER DELETE ON "Zone"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RuleSetting_insert" AFTER INSERT ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RuleSetting_update" AFTER UPDATE ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

CREATE TRIGGER "LedgerVersion_RuleSetting_delete" AFTER DELETE ON "RuleSetting"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;

