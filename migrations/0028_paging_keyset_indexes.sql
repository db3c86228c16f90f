CREATE INDEX "device_models_name_id_idx" ON "device_models" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "software_versions_version_id_idx" ON "software_versions" USING btree ("version","id");--> statement-breakpoint
CREATE INDEX "risks_title_id_idx" ON "risks" USING btree ("title","id");--> statement-breakpoint
CREATE INDEX "risks_status_id_idx" ON "risks" USING btree ("status","id");