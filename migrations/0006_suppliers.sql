CREATE TABLE "questionnaire_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" text NOT NULL,
	"title" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_assessment_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"assessment_id" text NOT NULL,
	"question_id" text,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_assessments" (
	"id" text PRIMARY KEY NOT NULL,
	"supplier_id" text NOT NULL,
	"template_id" text NOT NULL,
	"status" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"recipient_email" text,
	"sent_by" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"answers" jsonb NOT NULL,
	"draft_saved_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"score" jsonb,
	"overall_score" real,
	"review_comments" jsonb NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_certifications" (
	"id" text PRIMARY KEY NOT NULL,
	"supplier_id" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"issuer" text,
	"scope" text,
	"issued_on" text,
	"expires_on" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_components" (
	"id" text PRIMARY KEY NOT NULL,
	"supplier_id" text NOT NULL,
	"purl" text NOT NULL,
	"match" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_contracts" (
	"id" text PRIMARY KEY NOT NULL,
	"supplier_id" text NOT NULL,
	"title" text NOT NULL,
	"reference" text,
	"start_date" text,
	"end_date" text,
	"clauses" jsonb NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_follow_ups" (
	"id" text PRIMARY KEY NOT NULL,
	"assessment_id" text NOT NULL,
	"title" text NOT NULL,
	"owner" text,
	"due_date" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suppliers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"supplies" text DEFAULT '' NOT NULL,
	"supplies_device_components" boolean DEFAULT false NOT NULL,
	"country" text,
	"website" text,
	"contacts" jsonb NOT NULL,
	"system_access" text NOT NULL,
	"data_access" text NOT NULL,
	"device_impact" text NOT NULL,
	"patient_safety_impact" boolean NOT NULL,
	"substitutability" text NOT NULL,
	"tier" integer NOT NULL,
	"tier_reasons" jsonb NOT NULL,
	"notes" text,
	"registered_on" text NOT NULL,
	"next_assessment_due" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "supplier_assessment_attachments" ADD CONSTRAINT "supplier_assessment_attachments_assessment_id_supplier_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."supplier_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_assessments" ADD CONSTRAINT "supplier_assessments_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_assessments" ADD CONSTRAINT "supplier_assessments_template_id_questionnaire_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."questionnaire_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_certifications" ADD CONSTRAINT "supplier_certifications_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_components" ADD CONSTRAINT "supplier_components_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_contracts" ADD CONSTRAINT "supplier_contracts_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_follow_ups" ADD CONSTRAINT "supplier_follow_ups_assessment_id_supplier_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."supplier_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_templates_key_version_idx" ON "questionnaire_templates" USING btree ("key","version");--> statement-breakpoint
CREATE INDEX "supplier_assessment_attachments_idx" ON "supplier_assessment_attachments" USING btree ("assessment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_assessments_token_idx" ON "supplier_assessments" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "supplier_assessments_supplier_idx" ON "supplier_assessments" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "supplier_certifications_supplier_idx" ON "supplier_certifications" USING btree ("supplier_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_components_purl_idx" ON "supplier_components" USING btree ("supplier_id","purl","match");--> statement-breakpoint
CREATE INDEX "supplier_components_lookup_idx" ON "supplier_components" USING btree ("purl");--> statement-breakpoint
CREATE INDEX "supplier_contracts_supplier_idx" ON "supplier_contracts" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "supplier_follow_ups_assessment_idx" ON "supplier_follow_ups" USING btree ("assessment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "suppliers_name_idx" ON "suppliers" USING btree ("name");--> statement-breakpoint
CREATE INDEX "suppliers_tier_idx" ON "suppliers" USING btree ("tier");