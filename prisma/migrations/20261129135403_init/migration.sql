-- CreateTable
CREATE TABLE "Branch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Zone" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "branchId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "leaderId" INTEGER,
    "establishedOn" TEXT NOT NULL,
    "retiredOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Zone_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Zone_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Member" (
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
    CONSTRAINT "Member_branchId_fkey" FOREIGN KEY ("branchId") REFERENCES "Branch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoleTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "cadreLevel" TEXT,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    CONSTRAINT "RoleTerm_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ZoneAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "zoneId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    CONSTRAINT "ZoneAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ZoneAssignment_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Line" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "retiredOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Department" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "retiredOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LineAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "lineId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    CONSTRAINT "LineAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "LineAssignment_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "Line" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DepartmentAssignment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "departmentId" INTEGER NOT NULL,
    "fromOn" TEXT NOT NULL,
    "toOn" TEXT,
    CONSTRAINT "DepartmentAssignment_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "DepartmentAssignment_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Resident" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "zoneId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "idNumber" TEXT,
    "address" TEXT,
    "householdSize" INTEGER,
    "tags" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Resident_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Pairing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cadreId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,
    "startedOn" TEXT NOT NULL,
    "endedOn" TEXT,
    "endReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Pairing_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Pairing_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssistanceRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pairingId" INTEGER NOT NULL,
    "givenOn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amountFen" INTEGER,
    "description" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    CONSTRAINT "AssistanceRecord_pairingId_fkey" FOREIGN KEY ("pairingId") REFERENCES "Pairing" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AssistanceRecord_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Talk" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "talkerId" INTEGER NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "counterpartKind" TEXT NOT NULL,
    "counterpartName" TEXT NOT NULL,
    "counterpartMemberId" INTEGER,
    "counterpartResidentId" INTEGER,
    "reason" TEXT NOT NULL DEFAULT 'ROUTINE',
    "content" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Talk_talkerId_fkey" FOREIGN KEY ("talkerId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Talk_counterpartMemberId_fkey" FOREIGN KEY ("counterpartMemberId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Talk_counterpartResidentId_fkey" FOREIGN KEY ("counterpartResidentId") REFERENCES "Resident" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LineVisit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "cadreId" INTEGER NOT NULL,
    "lineId" INTEGER,
    "departmentId" INTEGER,
    "visitedAt" DATETIME NOT NULL,
    "visitedOn" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "problemsFound" TEXT NOT NULL DEFAULT '',
    "handling" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "LineVisit_cadreId_fkey" FOREIGN KEY ("cadreId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "LineVisit_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "Line" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "LineVisit_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "zoneId" INTEGER NOT NULL,
    "heldOn" TEXT NOT NULL,
    "hostId" INTEGER,
    "place" TEXT NOT NULL DEFAULT '',
    "residentCount" INTEGER NOT NULL DEFAULT 0,
    "topics" TEXT NOT NULL DEFAULT '',
    "minutes" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Meeting_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Meeting_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Meeting_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MeetingAttendance" (
    "meetingId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,

    PRIMARY KEY ("meetingId", "memberId"),
    CONSTRAINT "MeetingAttendance_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MeetingAttendance_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MeetingResident" (
    "meetingId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,

    PRIMARY KEY ("meetingId", "residentId"),
    CONSTRAINT "MeetingResident_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "MeetingResident_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Request" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
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
    "closedAt" DATETIME,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    CONSTRAINT "Request_talkId_fkey" FOREIGN KEY ("talkId") REFERENCES "Talk" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Request_lineVisitId_fkey" FOREIGN KEY ("lineVisitId") REFERENCES "LineVisit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Request_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Request_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Request_residentId_fkey" FOREIGN KEY ("residentId") REFERENCES "Resident" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Request_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Request_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Activist" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "zoneId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "sinceOn" TEXT NOT NULL,
    "endedOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Activist_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActivistNote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "activistId" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,
    "notedOn" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    CONSTRAINT "ActivistNote_activistId_fkey" FOREIGN KEY ("activistId") REFERENCES "Activist" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ActivistNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SituationReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "authorId" INTEGER NOT NULL,
    "reportedOn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'NEW',
    "handledById" INTEGER,
    "handledAt" DATETIME,
    "handlingNote" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    CONSTRAINT "SituationReport_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SituationReport_handledById_fkey" FOREIGN KEY ("handledById") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "YearReview" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "memberId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "comment" TEXT NOT NULL DEFAULT '',
    "reviewerId" INTEGER,
    "reviewedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "YearReview_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "YearReview_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "YearClosure" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "closedAt" DATETIME NOT NULL,
    "closedById" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "RuleSetting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule" TEXT NOT NULL,
    "cadreLevel" TEXT,
    "value" INTEGER NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RuleSetting_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "reason" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Member" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sid" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FormToken" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "memberId" INTEGER NOT NULL,
    "usedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Zone_name_key" ON "Zone"("name");

-- CreateIndex
CREATE INDEX "Zone_branchId_idx" ON "Zone"("branchId");

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
CREATE INDEX "LineVisit_cadreId_visitedOn_deletedAt_idx" ON "LineVisit"("cadreId", "visitedOn", "deletedAt");

-- CreateIndex
CREATE INDEX "LineVisit_visitedOn_idx" ON "LineVisit"("visitedOn");

-- CreateIndex
CREATE INDEX "Meeting_zoneId_heldOn_deletedAt_idx" ON "Meeting"("zoneId", "heldOn", "deletedAt");

-- CreateIndex
CREATE INDEX "Meeting_heldOn_idx" ON "Meeting"("heldOn");

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
CREATE INDEX "RuleSetting_rule_effectiveFrom_idx" ON "RuleSetting"("rule", "effectiveFrom");

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
