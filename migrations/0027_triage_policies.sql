CREATE TABLE "triage_policies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"conditions" jsonb NOT NULL,
	"analysis" jsonb NOT NULL,
	"expires_on" date,
	"enabled" boolean NOT NULL,
	"priority" integer NOT NULL,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "triage_policy_decisions" (
	"finding_id" text PRIMARY KEY NOT NULL,
	"policy_id" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "triage_policy_decisions" ADD CONSTRAINT "triage_policy_decisions_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_policy_decisions" ADD CONSTRAINT "triage_policy_decisions_policy_id_triage_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."triage_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "triage_policies_name_idx" ON "triage_policies" USING btree ("name");--> statement-breakpoint
CREATE INDEX "triage_policy_decisions_policy_idx" ON "triage_policy_decisions" USING btree ("policy_id");