CREATE TABLE "advisories" (
	"id" text PRIMARY KEY NOT NULL,
	"tracking_id" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"details" text,
	"tlp" text NOT NULL,
	"document_status" text NOT NULL,
	"profile" text NOT NULL,
	"acknowledgments" jsonb NOT NULL,
	"references" jsonb NOT NULL,
	"linked_finding_ids" jsonb NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"current_version" text,
	"initial_release_date" timestamp with time zone,
	"published_at" timestamp with time zone,
	"changed_since_publication" boolean DEFAULT false NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisory_products" (
	"id" text PRIMARY KEY NOT NULL,
	"advisory_id" text NOT NULL,
	"software_version_id" text NOT NULL,
	"product_id" text NOT NULL,
	"family" text,
	"purl" text,
	"cpe" text
);
--> statement-breakpoint
CREATE TABLE "advisory_revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"advisory_id" text NOT NULL,
	"number" text NOT NULL,
	"date" timestamp with time zone NOT NULL,
	"summary" text NOT NULL,
	"tracking_id" text NOT NULL,
	"tlp" text NOT NULL,
	"document_status" text NOT NULL,
	"profile" text NOT NULL,
	"title" text NOT NULL,
	"initial_release_date" timestamp with time zone NOT NULL,
	"csaf_json" text NOT NULL,
	"sha256" text NOT NULL,
	"sha512" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"published_by" text,
	"published_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisory_site_acknowledgements" (
	"id" text PRIMARY KEY NOT NULL,
	"advisory_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"site_id" text NOT NULL,
	"status" text NOT NULL,
	"units_patched" integer NOT NULL,
	"comment" text,
	"revision" text NOT NULL,
	"acknowledged_by" text,
	"acknowledged_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisory_vulnerabilities" (
	"id" text PRIMARY KEY NOT NULL,
	"advisory_id" text NOT NULL,
	"position" integer NOT NULL,
	"cve" text,
	"ids" jsonb NOT NULL,
	"title" text,
	"description" text NOT NULL,
	"cwe_id" text,
	"cwe_name" text,
	"cvss_v31" text,
	"cvss_v31_score" text,
	"cvss_v40" text,
	"cvss_v40_score" text,
	"patient_safety_impact" text,
	"exploit_status" text,
	"discovery_date" text,
	"product_status" jsonb NOT NULL,
	"remediations" jsonb NOT NULL,
	"notes" jsonb NOT NULL,
	"references" jsonb NOT NULL,
	"acknowledgments" jsonb NOT NULL,
	"finding_ids" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"report_id" text NOT NULL,
	"file_name" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_base64" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"report_id" text NOT NULL,
	"author" text NOT NULL,
	"author_user_id" text,
	"author_label" text NOT NULL,
	"body" text NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"token_hash" text NOT NULL,
	"status" text NOT NULL,
	"reporter_name" text,
	"reporter_email" text NOT NULL,
	"reporter_organisation" text,
	"product" text NOT NULL,
	"product_version" text,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"acknowledge_due_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"validated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"resolution" text,
	"cve_id" text,
	"agreed_disclosure_date" date,
	"linked_finding_ids" jsonb NOT NULL,
	"advisory_ids" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "advisories" ADD CONSTRAINT "advisories_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_products" ADD CONSTRAINT "advisory_products_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_products" ADD CONSTRAINT "advisory_products_software_version_id_software_versions_id_fk" FOREIGN KEY ("software_version_id") REFERENCES "public"."software_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_revisions" ADD CONSTRAINT "advisory_revisions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_site_acknowledgements" ADD CONSTRAINT "advisory_site_acknowledgements_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_site_acknowledgements" ADD CONSTRAINT "advisory_site_acknowledgements_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_site_acknowledgements" ADD CONSTRAINT "advisory_site_acknowledgements_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_site_acknowledgements" ADD CONSTRAINT "advisory_site_acknowledgements_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "advisory_vulnerabilities" ADD CONSTRAINT "advisory_vulnerabilities_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_attachments" ADD CONSTRAINT "disclosure_attachments_report_id_disclosure_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."disclosure_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_messages" ADD CONSTRAINT "disclosure_messages_report_id_disclosure_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."disclosure_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_messages" ADD CONSTRAINT "disclosure_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "advisories_tracking_idx" ON "advisories" USING btree ("tracking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "advisory_products_version_idx" ON "advisory_products" USING btree ("advisory_id","software_version_id");--> statement-breakpoint
CREATE INDEX "advisory_products_sv_idx" ON "advisory_products" USING btree ("software_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "advisory_revisions_number_idx" ON "advisory_revisions" USING btree ("advisory_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "advisory_site_ack_idx" ON "advisory_site_acknowledgements" USING btree ("advisory_id","site_id");--> statement-breakpoint
CREATE INDEX "advisory_vulnerabilities_advisory_idx" ON "advisory_vulnerabilities" USING btree ("advisory_id");--> statement-breakpoint
CREATE INDEX "disclosure_attachments_report_idx" ON "disclosure_attachments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "disclosure_messages_report_idx" ON "disclosure_messages" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_reports_reference_idx" ON "disclosure_reports" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "disclosure_reports_token_idx" ON "disclosure_reports" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "disclosure_reports_status_idx" ON "disclosure_reports" USING btree ("status");