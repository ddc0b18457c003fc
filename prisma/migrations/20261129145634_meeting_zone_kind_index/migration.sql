-- DropIndex
DROP INDEX "Meeting_zoneId_heldOn_deletedAt_idx";

-- CreateIndex
CREATE INDEX "Meeting_zoneId_heldOn_deletedAt_kind_idx" ON "Meeting"("zoneId", "heldOn", "deletedAt", "kind");
