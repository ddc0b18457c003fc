-- AlterTable
ALTER TABLE "Request" ADD COLUMN "stayId" INTEGER;

-- CreateTable
CREATE TABLE "Stay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cadreId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT NOT NULL,
    "eat" BOOLEAN NOT NULL DEFAULT false,
    "live" BOOLEAN NOT NULL DEFAULT false,
    "work" BOOLEAN NOT NULL DEFAULT false,
    "diary" TEXT NOT NULL DEFAULT '',
    "problems" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Stay_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Stay_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Writing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "authorId" INTEGER NOT NULL,
    "writtenOn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "attachmentName" TEXT,
    "attachmentType" TEXT,
    "attachmentSize" INTEGER,
    "attachment" BLOB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    CONSTRAINT "Writing_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Stay_cadreId_fromOn_deletedAt_idx" ON "Stay"("cadreId", "fromOn", "deletedAt");

-- CreateIndex
CREATE INDEX "Stay_fromOn_idx" ON "Stay"("fromOn");

-- CreateIndex
CREATE INDEX "Stay_residentId_idx" ON "Stay"("residentId");

-- CreateIndex
CREATE INDEX "Writing_authorId_writtenOn_deletedAt_idx" ON "Writing"("authorId", "writtenOn", "deletedAt");

-- CreateIndex
CREATE INDEX "Writing_writtenOn_idx" ON "Writing"("writtenOn");

-- The county dashboard's cache (src/reports/desk-cache.ts, version row 2) must drop when a stay or a
-- writing changes: it shows their counts (issue 18 item 5).
CREATE TRIGGER "LedgerVersion2_Stay_insert" AFTER INSERT ON "Stay"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Stay_update" AFTER UPDATE ON "Stay"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Stay_delete" AFTER DELETE ON "Stay"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Writing_insert" AFTER INSERT ON "Writing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Writing_update" AFTER UPDATE ON "Writing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

CREATE TRIGGER "LedgerVersion2_Writing_delete" AFTER DELETE ON "Writing"
BEGIN UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 2; END;

