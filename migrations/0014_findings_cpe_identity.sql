DROP INDEX "findings_identity_idx";--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "cpe" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "findings_component_identity_idx" ON "findings" USING btree ("vulnerability_id","software_version_id","purl","cpe");