CREATE TABLE "incident_fscas" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"reference" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"field_safety_notice_sent_at" timestamp with time zone,
	"affected_version_ids" jsonb NOT NULL,
	"affected_devices" text,
	"status" text NOT NULL,
	"completed_at" timestamp with time zone,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_mir_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"reference" text NOT NULL,
	"type" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"competent_authority" text NOT NULL,
	"notes" text,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_fscas" ADD CONSTRAINT "incident_fscas_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_mir_reports" ADD CONSTRAINT "incident_mir_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_fscas_reference_idx" ON "incident_fscas" USING btree ("incident_id","reference");--> statement-breakpoint
CREATE INDEX "incident_fscas_incident_idx" ON "incident_fscas" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_mir_reports_incident_idx" ON "incident_mir_reports" USING btree ("incident_id","submitted_at");