CREATE TABLE "risk_acceptances" (
	"id" text PRIMARY KEY NOT NULL,
	"risk_id" text NOT NULL,
	"accepted_by" text NOT NULL,
	"authority" text NOT NULL,
	"statement" text NOT NULL,
	"benefit_risk" text,
	"accepted_at" timestamp with time zone NOT NULL,
	"valid_until" date,
	"score" integer NOT NULL,
	"level" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_actions" (
	"id" text PRIMARY KEY NOT NULL,
	"risk_id" text NOT NULL,
	"title" text NOT NULL,
	"owner" text,
	"due_date" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_links" (
	"id" text PRIMARY KEY NOT NULL,
	"risk_id" text NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"risk_id" text NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"reviewed_by" text NOT NULL,
	"notes" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"next_review_date" date,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" text PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"asset" text NOT NULL,
	"asset_type" text NOT NULL,
	"phase" text NOT NULL,
	"threat" text DEFAULT '' NOT NULL,
	"vulnerability" text DEFAULT '' NOT NULL,
	"cia" jsonb NOT NULL,
	"patient_safety" text,
	"inherent_likelihood" integer NOT NULL,
	"inherent_impact" integer NOT NULL,
	"residual_likelihood" integer,
	"residual_impact" integer,
	"residual_justification" text,
	"treatment" text,
	"treatment_plan" text DEFAULT '' NOT NULL,
	"owner" text,
	"device_model_id" text,
	"status" text DEFAULT 'open' NOT NULL,
	"review_date" date,
	"template_id" text,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backup_restore_tests" (
	"id" text PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"system" text NOT NULL,
	"plan_id" text,
	"tested_on" date NOT NULL,
	"result" text NOT NULL,
	"minutes_to_restore" integer,
	"rto_minutes" integer,
	"data_loss_minutes" integer,
	"rpo_minutes" integer,
	"backup_source" text DEFAULT '' NOT NULL,
	"performed_by" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bc_exercises" (
	"id" text PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"held_on" date NOT NULL,
	"plan_id" text,
	"scenario" text DEFAULT '' NOT NULL,
	"participants" jsonb NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"follow_ups" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bc_plan_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"version" text NOT NULL,
	"content" jsonb NOT NULL,
	"change" text NOT NULL,
	"approved_by" text,
	"saved_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bc_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"rto_minutes" integer,
	"rpo_minutes" integer,
	"owner" text,
	"deputy" text,
	"procedures" text DEFAULT '' NOT NULL,
	"stakeholders" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" text NOT NULL,
	"approved_by" text,
	"approved_on" date,
	"review_interval_months" integer DEFAULT 12 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_actions" ADD CONSTRAINT "risk_actions_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_reviews" ADD CONSTRAINT "risk_reviews_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_device_model_id_device_models_id_fk" FOREIGN KEY ("device_model_id") REFERENCES "public"."device_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backup_restore_tests" ADD CONSTRAINT "backup_restore_tests_plan_id_bc_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."bc_plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bc_exercises" ADD CONSTRAINT "bc_exercises_plan_id_bc_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."bc_plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bc_plan_versions" ADD CONSTRAINT "bc_plan_versions_plan_id_bc_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."bc_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_acceptances_risk_idx" ON "risk_acceptances" USING btree ("risk_id","accepted_at");--> statement-breakpoint
CREATE INDEX "risk_actions_risk_idx" ON "risk_actions" USING btree ("risk_id");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_links_unique_idx" ON "risk_links" USING btree ("risk_id","kind","ref_id");--> statement-breakpoint
CREATE INDEX "risk_links_ref_idx" ON "risk_links" USING btree ("kind","ref_id");--> statement-breakpoint
CREATE INDEX "risk_reviews_risk_idx" ON "risk_reviews" USING btree ("risk_id","reviewed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "risks_reference_idx" ON "risks" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "risks_phase_idx" ON "risks" USING btree ("phase");--> statement-breakpoint
CREATE INDEX "risks_device_model_idx" ON "risks" USING btree ("device_model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "backup_restore_tests_reference_idx" ON "backup_restore_tests" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "backup_restore_tests_tested_idx" ON "backup_restore_tests" USING btree ("tested_on");--> statement-breakpoint
CREATE UNIQUE INDEX "bc_exercises_reference_idx" ON "bc_exercises" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "bc_exercises_held_idx" ON "bc_exercises" USING btree ("held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "bc_plan_versions_idx" ON "bc_plan_versions" USING btree ("plan_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "bc_plans_reference_idx" ON "bc_plans" USING btree ("reference");