CREATE TABLE "sbom_components" (
	"id" text PRIMARY KEY NOT NULL,
	"sbom_id" text NOT NULL,
	"position" integer NOT NULL,
	"ref" text NOT NULL,
	"name" text NOT NULL,
	"group" text,
	"version" text,
	"purl" text,
	"purl_base" text,
	"purl_type" text,
	"cpe" text,
	"type" text,
	"supplier" text,
	"author" text,
	"hashes" jsonb NOT NULL,
	"licenses" jsonb NOT NULL,
	"license_names" jsonb NOT NULL,
	"description" text,
	"scope" text,
	"properties" jsonb NOT NULL,
	"support_level" text,
	"end_of_support" text,
	"support_sources" jsonb,
	"parent_ref" text,
	"direct" boolean NOT NULL,
	"depth" integer
);
--> statement-breakpoint
CREATE TABLE "sbom_dependencies" (
	"id" text PRIMARY KEY NOT NULL,
	"sbom_id" text NOT NULL,
	"from_ref" text NOT NULL,
	"to_ref" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sboms" (
	"id" text PRIMARY KEY NOT NULL,
	"software_version_id" text NOT NULL,
	"sequence" integer NOT NULL,
	"is_current" boolean NOT NULL,
	"format" text NOT NULL,
	"encoding" text NOT NULL,
	"spec_version" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"file_gzip" "bytea" NOT NULL,
	"uploaded_by" text,
	"uploaded_by_label" text NOT NULL,
	"component_count" integer NOT NULL,
	"dependency_count" integer NOT NULL,
	"warnings" jsonb NOT NULL,
	"document" jsonb NOT NULL,
	"previous_sbom_id" text,
	"diff_summary" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sbom_components" ADD CONSTRAINT "sbom_components_sbom_id_sboms_id_fk" FOREIGN KEY ("sbom_id") REFERENCES "public"."sboms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_dependencies" ADD CONSTRAINT "sbom_dependencies_sbom_id_sboms_id_fk" FOREIGN KEY ("sbom_id") REFERENCES "public"."sboms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sboms" ADD CONSTRAINT "sboms_software_version_id_software_versions_id_fk" FOREIGN KEY ("software_version_id") REFERENCES "public"."software_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sbom_components_ref_idx" ON "sbom_components" USING btree ("sbom_id","ref");--> statement-breakpoint
CREATE INDEX "sbom_components_position_idx" ON "sbom_components" USING btree ("sbom_id","position");--> statement-breakpoint
CREATE INDEX "sbom_components_purl_base_idx" ON "sbom_components" USING btree ("purl_base");--> statement-breakpoint
CREATE INDEX "sbom_components_name_idx" ON "sbom_components" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "sbom_dependencies_sbom_idx" ON "sbom_dependencies" USING btree ("sbom_id","from_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "sboms_version_sequence_idx" ON "sboms" USING btree ("software_version_id","sequence");--> statement-breakpoint
CREATE INDEX "sboms_current_idx" ON "sboms" USING btree ("is_current","software_version_id");