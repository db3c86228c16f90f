CREATE TABLE "device_model_responsibilities" (
	"id" text PRIMARY KEY NOT NULL,
	"device_model_id" text NOT NULL,
	"rows" jsonb NOT NULL,
	"updated_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_statement_revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"statement_id" text NOT NULL,
	"software_version_id" text NOT NULL,
	"revision" integer NOT NULL,
	"document_json" text NOT NULL,
	"sha256" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text,
	"published_by_label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "security_statements" (
	"id" text PRIMARY KEY NOT NULL,
	"software_version_id" text NOT NULL,
	"status" text NOT NULL,
	"revision" integer NOT NULL,
	"published_revision" integer,
	"answers" jsonb NOT NULL,
	"sections_version" integer NOT NULL,
	"updated_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_model_responsibilities" ADD CONSTRAINT "device_model_responsibilities_device_model_id_device_models_id_fk" FOREIGN KEY ("device_model_id") REFERENCES "public"."device_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_statement_revisions" ADD CONSTRAINT "security_statement_revisions_statement_id_security_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."security_statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_statement_revisions" ADD CONSTRAINT "security_statement_revisions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_statements" ADD CONSTRAINT "security_statements_software_version_id_software_versions_id_fk" FOREIGN KEY ("software_version_id") REFERENCES "public"."software_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "device_model_responsibilities_model_idx" ON "device_model_responsibilities" USING btree ("device_model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "security_statement_revisions_number_idx" ON "security_statement_revisions" USING btree ("statement_id","revision");--> statement-breakpoint
CREATE INDEX "security_statement_revisions_version_idx" ON "security_statement_revisions" USING btree ("software_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "security_statements_version_idx" ON "security_statements" USING btree ("software_version_id");