CREATE TABLE "applicability_assessments" (
	"id" text PRIMARY KEY NOT NULL,
	"answers" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"classification" text NOT NULL,
	"catalog_version" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"approved_by_id" text,
	"approved_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "applicability_assessments_assessed_idx" ON "applicability_assessments" USING btree ("assessed_at");