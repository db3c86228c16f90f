CREATE TABLE "incident_evidence" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"description" text,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_intermediate_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"reference" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_report_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"stage" text NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_submissions" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"obligation_id" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"channel" text,
	"reference" text,
	"submitted_by" text NOT NULL,
	"due_at" timestamp with time zone,
	"late" boolean NOT NULL,
	"late_by_ms" bigint,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_timeline" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"aware_at" timestamp with time zone NOT NULL,
	"reporter" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"country" text,
	"affected_device_model_ids" jsonb NOT NULL,
	"affected_version_ids" jsonb NOT NULL,
	"affected_site_ids" jsonb NOT NULL,
	"affected_systems" jsonb NOT NULL,
	"suppliers_involved" text,
	"impact" jsonb,
	"facts" jsonb NOT NULL,
	"assessment" jsonb,
	"significance" jsonb,
	"device_vigilance" jsonb,
	"personal_data_breach" jsonb,
	"handled_at" timestamp with time zone,
	"impact_ended_at" timestamp with time zone,
	"threat_type" text,
	"root_cause" text,
	"indicators_of_compromise" jsonb NOT NULL,
	"mitigations_applied" jsonb NOT NULL,
	"mitigations_ongoing" jsonb NOT NULL,
	"recipient_measures" jsonb NOT NULL,
	"lessons_learned" text,
	"linked_risk_ids" jsonb NOT NULL,
	"linked_control_ids" jsonb NOT NULL,
	"linked_finding_ids" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"target_role" text,
	"title" text NOT NULL,
	"body" text,
	"link" text,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "incident_evidence" ADD CONSTRAINT "incident_evidence_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_intermediate_requests" ADD CONSTRAINT "incident_intermediate_requests_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_report_drafts" ADD CONSTRAINT "incident_report_drafts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_submissions" ADD CONSTRAINT "incident_submissions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_evidence_incident_idx" ON "incident_evidence" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_intermediate_requests_incident_idx" ON "incident_intermediate_requests" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_report_drafts_version_idx" ON "incident_report_drafts" USING btree ("incident_id","stage","version");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_submissions_obligation_idx" ON "incident_submissions" USING btree ("incident_id","obligation_id");--> statement-breakpoint
CREATE INDEX "incident_timeline_incident_idx" ON "incident_timeline" USING btree ("incident_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_reference_idx" ON "incidents" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_idx" ON "notifications" USING btree ("dedupe_key","user_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");