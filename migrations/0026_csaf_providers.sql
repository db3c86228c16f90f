CREATE TABLE "csaf_provider_documents" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"tracking_id" text NOT NULL,
	"url" text NOT NULL,
	"title" text NOT NULL,
	"publisher" text,
	"category" text NOT NULL,
	"current_version" text NOT NULL,
	"current_sha256" text NOT NULL,
	"tlp" text,
	"status" text NOT NULL,
	"initial_release_date" text NOT NULL,
	"current_release_date" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "csaf_provider_revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"version" text NOT NULL,
	"status" text NOT NULL,
	"current_release_date" text NOT NULL,
	"tlp" text,
	"sha256" text NOT NULL,
	"sha512" text NOT NULL,
	"hash_checked" text NOT NULL,
	"signature" text NOT NULL,
	"csaf_json" text NOT NULL,
	"applied_to_versions" jsonb NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "csaf_providers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"supplier_id" text,
	"url" text NOT NULL,
	"interval_hours" integer NOT NULL,
	"last_fetch_at" timestamp with time zone,
	"last_good_fetch_at" timestamp with time zone,
	"last_error" text,
	"last_problems" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "csaf_providers_url_unique" UNIQUE("url")
);
--> statement-breakpoint
ALTER TABLE "csaf_provider_documents" ADD CONSTRAINT "csaf_provider_documents_provider_id_csaf_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."csaf_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csaf_provider_revisions" ADD CONSTRAINT "csaf_provider_revisions_document_id_csaf_provider_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."csaf_provider_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csaf_providers" ADD CONSTRAINT "csaf_providers_supplier_id_suppliers_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."suppliers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "csaf_provider_documents_tracking_idx" ON "csaf_provider_documents" USING btree ("provider_id","tracking_id");--> statement-breakpoint
CREATE UNIQUE INDEX "csaf_provider_revisions_sha_idx" ON "csaf_provider_revisions" USING btree ("document_id","sha256");--> statement-breakpoint
CREATE INDEX "csaf_provider_revisions_fetched_idx" ON "csaf_provider_revisions" USING btree ("document_id","fetched_at");