CREATE TABLE "vex_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"software_version_id" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"category" text NOT NULL,
	"document_id" text NOT NULL,
	"revision" text,
	"publisher" text,
	"issued_at" text,
	"tlp" text,
	"sha256" text NOT NULL,
	"statement_count" integer NOT NULL,
	"suggestion_count" integer NOT NULL,
	"unknown_products" jsonb NOT NULL,
	"warnings" jsonb NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	"imported_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vex_suggestions" (
	"id" text PRIMARY KEY NOT NULL,
	"finding_id" text NOT NULL,
	"vex_document_id" text NOT NULL,
	"document_key" text NOT NULL,
	"publisher" text,
	"document_id" text NOT NULL,
	"revision" text,
	"issued_at" text,
	"sha256" text NOT NULL,
	"status" text NOT NULL,
	"justification" text,
	"detail" text,
	"stated_vulnerability" text NOT NULL,
	"product" text NOT NULL,
	"matched_by" text NOT NULL,
	"changes" jsonb NOT NULL,
	"previous_revision" text,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vex_trust_rules" (
	"publisher" text PRIMARY KEY NOT NULL,
	"auto_accept" boolean NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vex_documents" ADD CONSTRAINT "vex_documents_software_version_id_software_versions_id_fk" FOREIGN KEY ("software_version_id") REFERENCES "public"."software_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vex_suggestions" ADD CONSTRAINT "vex_suggestions_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vex_suggestions" ADD CONSTRAINT "vex_suggestions_vex_document_id_vex_documents_id_fk" FOREIGN KEY ("vex_document_id") REFERENCES "public"."vex_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vex_documents_version_idx" ON "vex_documents" USING btree ("software_version_id","imported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vex_suggestions_document_idx" ON "vex_suggestions" USING btree ("finding_id","document_key");--> statement-breakpoint
CREATE INDEX "vex_suggestions_vex_document_idx" ON "vex_suggestions" USING btree ("vex_document_id");