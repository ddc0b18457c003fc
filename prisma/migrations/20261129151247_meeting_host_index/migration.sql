-- CreateIndex
CREATE INDEX "Meeting_hostId_heldOn_idx" ON "Meeting"("hostId", "heldOn");
