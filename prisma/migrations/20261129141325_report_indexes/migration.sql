-- DropIndex
DROP INDEX "LineVisit_cadreId_visitedOn_deletedAt_idx";

-- CreateIndex
CREATE INDEX "LineVisit_cadreId_visitedOn_deletedAt_lineId_idx" ON "LineVisit"("cadreId", "visitedOn", "deletedAt", "lineId");

-- CreateIndex
CREATE INDEX "Meeting_kind_heldOn_deletedAt_idx" ON "Meeting"("kind", "heldOn", "deletedAt");
