CREATE TABLE "metric_snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"day" text NOT NULL,
	"metric" text NOT NULL,
	"value" double precision NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "generated_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"generated_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "metric_snapshots_day_metric" ON "metric_snapshots" USING btree ("day","metric");--> statement-breakpoint
CREATE INDEX "generated_reports_generated_at" ON "generated_reports" USING btree ("created_at");