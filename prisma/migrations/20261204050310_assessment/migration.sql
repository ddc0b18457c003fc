-- CreateTable
CREATE TABLE "Ballot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "rater" TEXT NOT NULL DEFAULT '',
    "enteredById" INTEGER,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SurveyIndicatorSetting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" INTEGER,
    "fromYear" INTEGER NOT NULL,
    "names" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SurveyDraw" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "population" INTEGER NOT NULL,
    "candidates" INTEGER NOT NULL,
    "drawnById" INTEGER,
    "drawnAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SurveyRespondent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "drawId" INTEGER NOT NULL,
    "residentId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    CONSTRAINT "SurveyRespondent_drawId_fkey" FOREIGN KEY ("drawId") REFERENCES "SurveyDraw" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER NOT NULL,
    "orgId" INTEGER NOT NULL,
    "respondentNo" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "residentId" INTEGER,
    "enteredById" INTEGER,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AssessmentWeight" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "effectiveFrom" TEXT NOT NULL,
    "performance" REAL NOT NULL,
    "rating" REAL NOT NULL,
    "survey" REAL NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AssessmentSnapshot" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "json" TEXT NOT NULL,
    "finalizedById" INTEGER,
    "finalizedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

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
