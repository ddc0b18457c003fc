-- AlterTable
ALTER TABLE "AssistanceRecord" ADD COLUMN "peopleEmployed" INTEGER;

-- CreateTable
CREATE TABLE "Stationing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    "post" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "TrainingSession" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "heldOn" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "orgId" INTEGER NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "TrainingAttendance" (
    "sessionId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,

    PRIMARY KEY ("sessionId", "memberId"),
    CONSTRAINT "TrainingAttendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "TrainingSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Stationing_memberId_fromOn_idx" ON "Stationing"("memberId", "fromOn");

-- CreateIndex
CREATE INDEX "Stationing_orgId_fromOn_idx" ON "Stationing"("orgId", "fromOn");

-- CreateIndex
CREATE INDEX "TrainingSession_orgId_heldOn_idx" ON "TrainingSession"("orgId", "heldOn");

-- CreateIndex
CREATE INDEX "TrainingSession_heldOn_idx" ON "TrainingSession"("heldOn");

-- CreateIndex
CREATE INDEX "TrainingAttendance_memberId_idx" ON "TrainingAttendance"("memberId");

-- The county dashboard's cache (src/reports/desk-cache.ts) watches these tables too (row 2).

CREATE TRIGGER "LedgerVersion2_Stationing_insert" AFTER INSERT ON "Stationing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Stationing_update" AFTER UPDATE ON "Stationing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Stationing_delete" AFTER DELETE ON "Stationing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_TrainingSession_insert" AFTER INSERT ON "TrainingSession"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_TrainingSession_update" AFTER UPDATE ON "TrainingSession"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_TrainingSession_delete" AFTER DELETE ON "TrainingSession"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_TrainingAttendance_insert" AFTER INSERT ON "TrainingAttendance"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_TrainingAttendance_update" AFTER UPDATE ON "TrainingAttendance"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_TrainingAttendance_delete" AFTER DELETE ON "TrainingAttendance"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;
