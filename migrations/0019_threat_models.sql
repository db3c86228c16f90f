CREATE TABLE "threat_models" (
	"id" text PRIMARY KEY NOT NULL,
	"software_version_id" text NOT NULL,
	"inherited_from_version_id" text,
	"model" jsonb NOT NULL,
	"updated_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "threat_models" ADD CONSTRAINT "threat_models_software_version_id_software_versions_id_fk" FOREIGN KEY ("software_version_id") REFERENCES "public"."software_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threat_models" ADD CONSTRAINT "threat_models_inherited_from_version_id_software_versions_id_fk" FOREIGN KEY ("inherited_from_version_id") REFERENCES "public"."software_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "threat_models_version_idx" ON "threat_models" USING btree ("software_version_id");