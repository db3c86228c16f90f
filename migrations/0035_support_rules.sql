CREATE TABLE "support_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"purl_pattern" text NOT NULL,
	"version_range" text,
	"level" text NOT NULL,
	"end_of_support" date,
	"note" text,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "support_rules_name_idx" ON "support_rules" USING btree ("name");