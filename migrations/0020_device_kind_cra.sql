ALTER TABLE "device_models" ADD COLUMN "kind" text DEFAULT 'medical_device' NOT NULL;--> statement-breakpoint
ALTER TABLE "device_models" ADD COLUMN "cra_category" text;--> statement-breakpoint
ALTER TABLE "device_models" ADD COLUMN "support_period_end" date;