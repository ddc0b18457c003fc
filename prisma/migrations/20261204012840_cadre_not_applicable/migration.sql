-- AlterTable
ALTER TABLE "Member" ADD COLUMN "notApplicableReason" TEXT;
