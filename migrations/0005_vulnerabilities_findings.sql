CREATE TABLE "component_support" (
	"purl" text PRIMARY KEY NOT NULL,
	"supplier" text,
	"support_level" text,
	"end_of_support" date,
	"updated_by" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "epss_scores" (
	"cve_id" text PRIMARY KEY NOT NULL,
	"probability" double precision NOT NULL,
	"percentile" double precision NOT NULL,
	"score_date" date
);
--> statement-breakpoint
CREATE TABLE "finding_history" (
	"id" text PRIMARY KEY NOT NULL,
	"finding_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"kind" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" text PRIMARY KEY NOT NULL,
	"vulnerability_id" text NOT NULL,
	"software_version_id" text NOT NULL,
	"purl" text NOT NULL,
	"component_name" text NOT NULL,
	"component_version" text NOT NULL,
	"ecosystem" text NOT NULL,
	"match_confidence" text NOT NULL,
	"affected_range" text NOT NULL,
	"fixed_versions" jsonb NOT NULL,
	"advisories" jsonb NOT NULL,
	"status" text NOT NULL,
	"justification" text,
	"response" text,
	"detail" text,
	"analysed_at" timestamp with time zone,
	"analysed_by" text,
	"priority" text NOT NULL,
	"priority_score" double precision NOT NULL,
	"priority_explanation" text NOT NULL,
	"priority_factors" jsonb NOT NULL,
	"deadlines" jsonb NOT NULL,
	"due_at" date,
	"rescoring" jsonb,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kev_entries" (
	"cve_id" text PRIMARY KEY NOT NULL,
	"vendor_project" text NOT NULL,
	"product" text NOT NULL,
	"name" text NOT NULL,
	"date_added" date NOT NULL,
	"due_date" date,
	"required_action" text NOT NULL,
	"known_ransomware_use" boolean NOT NULL,
	"notes" text,
	"cwes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerabilities" (
	"id" text PRIMARY KEY NOT NULL,
	"aliases" jsonb NOT NULL,
	"summary" text,
	"details" text,
	"published" timestamp with time zone,
	"modified" timestamp with time zone,
	"withdrawn" boolean NOT NULL,
	"severity" jsonb,
	"cvss" jsonb NOT NULL,
	"cwes" jsonb NOT NULL,
	"references" jsonb NOT NULL,
	"sources" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerability_aliases" (
	"alias" text PRIMARY KEY NOT NULL,
	"vulnerability_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerability_imports" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"files" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"counts" jsonb NOT NULL,
	"findings" jsonb NOT NULL,
	"warnings" jsonb NOT NULL,
	"warning_count" integer NOT NULL,
	"imported_by" text,
	"imported_by_label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerability_packages" (
	"id" text PRIMARY KEY NOT NULL,
	"package_key" text NOT NULL,
	"record_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vulnerability_records" (
	"id" text PRIMARY KEY NOT NULL,
	"vulnerability_id" text NOT NULL,
	"source" text NOT NULL,
	"modified" text,
	"withdrawn" boolean NOT NULL,
	"sha256" text NOT NULL,
	"raw" jsonb NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "finding_history" ADD CONSTRAINT "finding_history_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_software_version_id_software_versions_id_fk" FOREIGN KEY ("software_version_id") REFERENCES "public"."software_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerability_aliases" ADD CONSTRAINT "vulnerability_aliases_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "vulnerability_packages" ADD CONSTRAINT "vulnerability_packages_record_id_vulnerability_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."vulnerability_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vulnerability_records" ADD CONSTRAINT "vulnerability_records_vulnerability_id_vulnerabilities_id_fk" FOREIGN KEY ("vulnerability_id") REFERENCES "public"."vulnerabilities"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "finding_history_finding_idx" ON "finding_history" USING btree ("finding_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_identity_idx" ON "findings" USING btree ("vulnerability_id","software_version_id","purl");--> statement-breakpoint
CREATE INDEX "findings_version_idx" ON "findings" USING btree ("software_version_id");--> statement-breakpoint
CREATE INDEX "findings_purl_idx" ON "findings" USING btree ("purl");--> statement-breakpoint
CREATE INDEX "vulnerabilities_modified_idx" ON "vulnerabilities" USING btree ("modified");--> statement-breakpoint
CREATE INDEX "vulnerability_aliases_vulnerability_idx" ON "vulnerability_aliases" USING btree ("vulnerability_id");--> statement-breakpoint
CREATE INDEX "vulnerability_imports_started_idx" ON "vulnerability_imports" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vulnerability_packages_key_idx" ON "vulnerability_packages" USING btree ("package_key","record_id");--> statement-breakpoint
CREATE INDEX "vulnerability_packages_record_idx" ON "vulnerability_packages" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "vulnerability_records_vulnerability_idx" ON "vulnerability_records" USING btree ("vulnerability_id");