DROP INDEX "installations_version_idx";--> statement-breakpoint
CREATE INDEX "installations_version_units_idx" ON "installations" USING btree ("software_version_id","units");