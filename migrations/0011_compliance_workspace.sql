CREATE TABLE "compliance_approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"snapshot_id" text NOT NULL,
	"measures_version" text NOT NULL,
	"approved_by" text NOT NULL,
	"approver_function" text NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"decision" text NOT NULL,
	"document_name" text,
	"document_sha256" text,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_control_evidence" (
	"id" text PRIMARY KEY NOT NULL,
	"control_id" text NOT NULL,
	"evidence_id" text NOT NULL,
	"linked_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_controls" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"library_id" text,
	"library_version" integer,
	"domain" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"applicable" boolean DEFAULT true NOT NULL,
	"exclusion_justification" text,
	"status" text DEFAULT 'not_started' NOT NULL,
	"owner_id" text,
	"due_date" text,
	"maturity" integer DEFAULT 0 NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"links" jsonb NOT NULL,
	"mappings" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_evidence" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"kind" text NOT NULL,
	"record_kind" text,
	"record_id" text,
	"valid_from" text,
	"valid_until" text,
	"current_version" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_evidence_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"evidence_id" text NOT NULL,
	"version" integer NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_frameworks" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"version" text,
	"description" text,
	"source" text,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"imported_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_requirements" (
	"id" text PRIMARY KEY NOT NULL,
	"framework_id" text NOT NULL,
	"requirement_id" text NOT NULL,
	"parent" text,
	"title" text NOT NULL,
	"description" text,
	"position" integer NOT NULL,
	"mappings" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"taken_by" text NOT NULL,
	"content_sha256" text NOT NULL,
	"content" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compliance_approvals" ADD CONSTRAINT "compliance_approvals_snapshot_id_compliance_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."compliance_snapshots"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_control_evidence" ADD CONSTRAINT "compliance_control_evidence_control_id_compliance_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."compliance_controls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_control_evidence" ADD CONSTRAINT "compliance_control_evidence_evidence_id_compliance_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."compliance_evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_controls" ADD CONSTRAINT "compliance_controls_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_evidence_versions" ADD CONSTRAINT "compliance_evidence_versions_evidence_id_compliance_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."compliance_evidence"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_requirements" ADD CONSTRAINT "compliance_requirements_framework_id_compliance_frameworks_id_fk" FOREIGN KEY ("framework_id") REFERENCES "public"."compliance_frameworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_control_evidence_idx" ON "compliance_control_evidence" USING btree ("control_id","evidence_id");--> statement-breakpoint
CREATE INDEX "compliance_control_evidence_ev_idx" ON "compliance_control_evidence" USING btree ("evidence_id");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_controls_code_idx" ON "compliance_controls" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_evidence_versions_idx" ON "compliance_evidence_versions" USING btree ("evidence_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_frameworks_key_idx" ON "compliance_frameworks" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_requirements_req_idx" ON "compliance_requirements" USING btree ("requirement_id");--> statement-breakpoint
CREATE INDEX "compliance_requirements_fw_idx" ON "compliance_requirements" USING btree ("framework_id");