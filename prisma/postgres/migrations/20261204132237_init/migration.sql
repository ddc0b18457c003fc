-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Org" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parentId" INTEGER,
    "path" TEXT NOT NULL,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "setUpOn" TEXT,
    "dissolvedOn" TEXT,
    "population" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Org_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrgMembership" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "OrgMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Grant" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "grantedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Zone" (
    "id" SERIAL NOT NULL,
    "branchId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "leaderId" INTEGER,
    "establishedOn" TEXT NOT NULL,
    "retiredOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Zone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" SERIAL NOT NULL,
    "branchId" INTEGER NOT NULL,
    "username" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "role" TEXT NOT NULL DEFAULT 'MEMBER',
    "cadreLevel" TEXT,
    "notApplicableReason" TEXT,
    "joinedPartyOn" TEXT,
    "registeredOn" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deactivatedOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleTerm" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "cadreLevel" TEXT,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,

    CONSTRAINT "RoleTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ZoneAssignment" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "zoneId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,

    CONSTRAINT "ZoneAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Line" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "retiredOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Department" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "retiredOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineAssignment" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "lineId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,

    CONSTRAINT "LineAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DepartmentAssignment" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "departmentId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,

    CONSTRAINT "DepartmentAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resident" (
    "id" SERIAL NOT NULL,
    "zoneId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "idNumber" TEXT,
    "address" TEXT,
    "householdSize" INTEGER,
    "tags" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pairing" (
    "id" SERIAL NOT NULL,
    "cadreId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,
    "startedOn" TEXT NOT NULL,
    "endedOn" TEXT,
    "endReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pairing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssistanceRecord" (
    "id" SERIAL NOT NULL,
    "pairingId" INTEGER NOT NULL,
    "givenOn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountFen" INTEGER,
    "peopleEmployed" INTEGER,
    "description" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "AssistanceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Talk" (
    "id" SERIAL NOT NULL,
    "talkerId" INTEGER NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "counterpartKind" TEXT NOT NULL,
    "counterpartName" TEXT NOT NULL,
    "counterpartMemberId" INTEGER,
    "counterpartResidentId" INTEGER,
    "reason" TEXT NOT NULL DEFAULT 'ROUTINE',
    "content" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Talk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LineVisit" (
    "id" SERIAL NOT NULL,
    "cadreId" INTEGER NOT NULL,
    "lineId" INTEGER,
    "departmentId" INTEGER,
    "visitedAt" TIMESTAMP(3) NOT NULL,
    "visitedOn" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "problemsFound" TEXT NOT NULL DEFAULT '',
    "handling" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "LineVisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "zoneId" INTEGER NOT NULL,
    "heldOn" TEXT NOT NULL,
    "hostId" INTEGER,
    "place" TEXT NOT NULL DEFAULT '',
    "residentCount" INTEGER NOT NULL DEFAULT 0,
    "topics" TEXT NOT NULL DEFAULT '',
    "minutes" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingAttendance" (
    "meetingId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,

    CONSTRAINT "MeetingAttendance_pkey" PRIMARY KEY ("meetingId","memberId")
);

-- CreateTable
CREATE TABLE "MeetingResident" (
    "meetingId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,

    CONSTRAINT "MeetingResident_pkey" PRIMARY KEY ("meetingId","residentId")
);

-- CreateTable
CREATE TABLE "Request" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "stayId" INTEGER,
    "talkId" INTEGER,
    "lineVisitId" INTEGER,
    "meetingId" INTEGER,
    "zoneId" INTEGER,
    "residentId" INTEGER,
    "residentName" TEXT NOT NULL,
    "raisedOn" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACCEPTED',
    "escalatedTo" TEXT,
    "handling" TEXT NOT NULL DEFAULT '',
    "feedbackOn" TEXT,
    "feedbackHow" TEXT,
    "feedbackContent" TEXT,
    "closedAt" TIMESTAMP(3),
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Stay" (
    "id" SERIAL NOT NULL,
    "cadreId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT NOT NULL,
    "eat" BOOLEAN NOT NULL DEFAULT false,
    "live" BOOLEAN NOT NULL DEFAULT false,
    "work" BOOLEAN NOT NULL DEFAULT false,
    "diary" TEXT NOT NULL DEFAULT '',
    "problems" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Stay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Writing" (
    "id" SERIAL NOT NULL,
    "authorId" INTEGER NOT NULL,
    "writtenOn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "attachmentName" TEXT,
    "attachmentType" TEXT,
    "attachmentSize" INTEGER,
    "attachment" BYTEA,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Writing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activist" (
    "id" SERIAL NOT NULL,
    "zoneId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "sinceOn" TEXT NOT NULL,
    "endedOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Activist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivistNote" (
    "id" SERIAL NOT NULL,
    "activistId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "notedOn" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "ActivistNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SituationReport" (
    "id" SERIAL NOT NULL,
    "authorId" INTEGER NOT NULL,
    "reportedOn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'NEW',
    "handledById" INTEGER,
    "handledAt" TIMESTAMP(3),
    "handlingNote" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "SituationReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "YearReview" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "comment" TEXT NOT NULL DEFAULT '',
    "reviewerId" INTEGER,
    "reviewedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "YearReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "YearClosure" (
    "id" SERIAL NOT NULL,
    "orgId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "closedById" INTEGER NOT NULL,

    CONSTRAINT "YearClosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RuleSetting" (
    "id" SERIAL NOT NULL,
    "rule" TEXT NOT NULL,
    "cadreLevel" TEXT,
    "value" INTEGER NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "orgId" INTEGER,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RuleSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "sid" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormToken" (
    "token" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormToken_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "LedgerVersion" (
    "id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "LedgerVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ballot" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "rater" TEXT NOT NULL DEFAULT '',
    "enteredById" INTEGER,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Ballot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyIndicatorSetting" (
    "id" SERIAL NOT NULL,
    "orgId" INTEGER,
    "fromYear" INTEGER NOT NULL,
    "names" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyIndicatorSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyDraw" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "population" INTEGER NOT NULL,
    "candidates" INTEGER NOT NULL,
    "drawnById" INTEGER,
    "drawnAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyDraw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyRespondent" (
    "id" SERIAL NOT NULL,
    "drawId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,

    CONSTRAINT "SurveyRespondent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "respondentNo" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "residentId" INTEGER,
    "enteredById" INTEGER,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentWeight" (
    "id" SERIAL NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "performance" DOUBLE PRECISION NOT NULL,
    "rating" DOUBLE PRECISION NOT NULL,
    "survey" DOUBLE PRECISION NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentWeight_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentSnapshot" (
    "year" INTEGER NOT NULL,
    "json" TEXT NOT NULL,
    "finalizedById" INTEGER,
    "finalizedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentSnapshot_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Stationing" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    "post" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Stationing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingSession" (
    "id" SERIAL NOT NULL,
    "heldOn" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "orgId" INTEGER NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrainingSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrainingAttendance" (
    "sessionId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,

    CONSTRAINT "TrainingAttendance_pkey" PRIMARY KEY ("sessionId","memberId")
);

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

-- CreateIndex
CREATE INDEX "Zone_name_idx" ON "Zone"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Zone_branchId_name_key" ON "Zone"("branchId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Member_username_key" ON "Member"("username");

-- CreateIndex
CREATE INDEX "Member_branchId_idx" ON "Member"("branchId");

-- CreateIndex
CREATE INDEX "Member_role_idx" ON "Member"("role");

-- CreateIndex
CREATE INDEX "RoleTerm_memberId_fromOn_idx" ON "RoleTerm"("memberId", "fromOn");

-- CreateIndex
CREATE INDEX "ZoneAssignment_memberId_fromOn_idx" ON "ZoneAssignment"("memberId", "fromOn");

-- CreateIndex
CREATE INDEX "ZoneAssignment_zoneId_fromOn_idx" ON "ZoneAssignment"("zoneId", "fromOn");

-- CreateIndex
CREATE UNIQUE INDEX "Line_name_key" ON "Line"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Department_name_key" ON "Department"("name");

-- CreateIndex
CREATE INDEX "LineAssignment_memberId_fromOn_idx" ON "LineAssignment"("memberId", "fromOn");

-- CreateIndex
CREATE INDEX "LineAssignment_lineId_idx" ON "LineAssignment"("lineId");

-- CreateIndex
CREATE INDEX "DepartmentAssignment_memberId_fromOn_idx" ON "DepartmentAssignment"("memberId", "fromOn");

-- CreateIndex
CREATE INDEX "DepartmentAssignment_departmentId_idx" ON "DepartmentAssignment"("departmentId");

-- CreateIndex
CREATE INDEX "Resident_zoneId_name_idx" ON "Resident"("zoneId", "name");

-- CreateIndex
CREATE INDEX "Resident_name_idx" ON "Resident"("name");

-- CreateIndex
CREATE INDEX "Pairing_cadreId_startedOn_idx" ON "Pairing"("cadreId", "startedOn");

-- CreateIndex
CREATE INDEX "Pairing_residentId_idx" ON "Pairing"("residentId");

-- CreateIndex
CREATE INDEX "AssistanceRecord_pairingId_givenOn_idx" ON "AssistanceRecord"("pairingId", "givenOn");

-- CreateIndex
CREATE INDEX "Talk_talkerId_occurredOn_deletedAt_idx" ON "Talk"("talkerId", "occurredOn", "deletedAt");

-- CreateIndex
CREATE INDEX "Talk_occurredOn_idx" ON "Talk"("occurredOn");

-- CreateIndex
CREATE INDEX "LineVisit_cadreId_visitedOn_deletedAt_lineId_idx" ON "LineVisit"("cadreId", "visitedOn", "deletedAt", "lineId");

-- CreateIndex
CREATE INDEX "LineVisit_visitedOn_idx" ON "LineVisit"("visitedOn");

-- CreateIndex
CREATE INDEX "Meeting_zoneId_heldOn_deletedAt_kind_idx" ON "Meeting"("zoneId", "heldOn", "deletedAt", "kind");

-- CreateIndex
CREATE INDEX "Meeting_kind_heldOn_deletedAt_idx" ON "Meeting"("kind", "heldOn", "deletedAt");

-- CreateIndex
CREATE INDEX "Meeting_heldOn_idx" ON "Meeting"("heldOn");

-- CreateIndex
CREATE INDEX "Meeting_hostId_heldOn_idx" ON "Meeting"("hostId", "heldOn");

-- CreateIndex
CREATE INDEX "MeetingAttendance_memberId_idx" ON "MeetingAttendance"("memberId");

-- CreateIndex
CREATE INDEX "MeetingResident_residentId_idx" ON "MeetingResident"("residentId");

-- CreateIndex
CREATE INDEX "Request_ownerId_status_idx" ON "Request"("ownerId", "status");

-- CreateIndex
CREATE INDEX "Request_zoneId_raisedOn_idx" ON "Request"("zoneId", "raisedOn");

-- CreateIndex
CREATE INDEX "Request_raisedOn_idx" ON "Request"("raisedOn");

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

-- CreateIndex
CREATE INDEX "Activist_zoneId_idx" ON "Activist"("zoneId");

-- CreateIndex
CREATE INDEX "ActivistNote_activistId_notedOn_idx" ON "ActivistNote"("activistId", "notedOn");

-- CreateIndex
CREATE INDEX "SituationReport_authorId_reportedOn_idx" ON "SituationReport"("authorId", "reportedOn");

-- CreateIndex
CREATE INDEX "SituationReport_status_idx" ON "SituationReport"("status");

-- CreateIndex
CREATE INDEX "YearReview_year_state_idx" ON "YearReview"("year", "state");

-- CreateIndex
CREATE UNIQUE INDEX "YearReview_memberId_year_key" ON "YearReview"("memberId", "year");

-- CreateIndex
CREATE INDEX "YearClosure_year_idx" ON "YearClosure"("year");

-- CreateIndex
CREATE UNIQUE INDEX "YearClosure_orgId_year_key" ON "YearClosure"("orgId", "year");

-- CreateIndex
CREATE INDEX "RuleSetting_rule_effectiveFrom_idx" ON "RuleSetting"("rule", "effectiveFrom");

-- CreateIndex
CREATE INDEX "RuleSetting_orgId_idx" ON "RuleSetting"("orgId");

-- CreateIndex
CREATE INDEX "AuditEntry_entity_entityId_idx" ON "AuditEntry"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_at_idx" ON "AuditEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Session_sid_key" ON "Session"("sid");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "FormToken_usedAt_idx" ON "FormToken"("usedAt");

-- CreateIndex
CREATE INDEX "Ballot_year_orgId_idx" ON "Ballot"("year", "orgId");

-- CreateIndex
CREATE INDEX "SurveyIndicatorSetting_fromYear_idx" ON "SurveyIndicatorSetting"("fromYear");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyDraw_year_orgId_key" ON "SurveyDraw"("year", "orgId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRespondent_drawId_residentId_key" ON "SurveyRespondent"("drawId", "residentId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRespondent_drawId_number_key" ON "SurveyRespondent"("drawId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_year_orgId_respondentNo_key" ON "SurveyAnswer"("year", "orgId", "respondentNo");

-- CreateIndex
CREATE INDEX "AssessmentWeight_effectiveFrom_idx" ON "AssessmentWeight"("effectiveFrom");

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

-- AddForeignKey
ALTER TABLE "Org" ADD CONSTRAINT "Org_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Org"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgMembership" ADD CONSTRAINT "OrgMembership_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgMembership" ADD CONSTRAINT "OrgMembership_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Zone" ADD CONSTRAINT "Zone_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Zone" ADD CONSTRAINT "Zone_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleTerm" ADD CONSTRAINT "RoleTerm_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ZoneAssignment" ADD CONSTRAINT "ZoneAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ZoneAssignment" ADD CONSTRAINT "ZoneAssignment_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineAssignment" ADD CONSTRAINT "LineAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineAssignment" ADD CONSTRAINT "LineAssignment_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "Line"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentAssignment" ADD CONSTRAINT "DepartmentAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentAssignment" ADD CONSTRAINT "DepartmentAssignment_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resident" ADD CONSTRAINT "Resident_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pairing" ADD CONSTRAINT "Pairing_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pairing" ADD CONSTRAINT "Pairing_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssistanceRecord" ADD CONSTRAINT "AssistanceRecord_pairingId_fkey" FOREIGN KEY ("pairingId") REFERENCES "Pairing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssistanceRecord" ADD CONSTRAINT "AssistanceRecord_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Talk" ADD CONSTRAINT "Talk_talkerId_fkey" FOREIGN KEY ("talkerId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Talk" ADD CONSTRAINT "Talk_counterpartMemberId_fkey" FOREIGN KEY ("counterpartMemberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Talk" ADD CONSTRAINT "Talk_counterpartResidentId_fkey" FOREIGN KEY ("counterpartResidentId") REFERENCES "Resident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineVisit" ADD CONSTRAINT "LineVisit_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineVisit" ADD CONSTRAINT "LineVisit_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "Line"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LineVisit" ADD CONSTRAINT "LineVisit_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingAttendance" ADD CONSTRAINT "MeetingAttendance_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingAttendance" ADD CONSTRAINT "MeetingAttendance_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingResident" ADD CONSTRAINT "MeetingResident_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingResident" ADD CONSTRAINT "MeetingResident_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_talkId_fkey" FOREIGN KEY ("talkId") REFERENCES "Talk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_lineVisitId_fkey" FOREIGN KEY ("lineVisitId") REFERENCES "LineVisit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stay" ADD CONSTRAINT "Stay_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Stay" ADD CONSTRAINT "Stay_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Writing" ADD CONSTRAINT "Writing_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activist" ADD CONSTRAINT "Activist_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivistNote" ADD CONSTRAINT "ActivistNote_activistId_fkey" FOREIGN KEY ("activistId") REFERENCES "Activist"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivistNote" ADD CONSTRAINT "ActivistNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SituationReport" ADD CONSTRAINT "SituationReport_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SituationReport" ADD CONSTRAINT "SituationReport_handledById_fkey" FOREIGN KEY ("handledById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "YearReview" ADD CONSTRAINT "YearReview_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "YearReview" ADD CONSTRAINT "YearReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "YearClosure" ADD CONSTRAINT "YearClosure_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleSetting" ADD CONSTRAINT "RuleSetting_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleSetting" ADD CONSTRAINT "RuleSetting_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyRespondent" ADD CONSTRAINT "SurveyRespondent_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "SurveyDraw"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrainingAttendance" ADD CONSTRAINT "TrainingAttendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "TrainingSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
