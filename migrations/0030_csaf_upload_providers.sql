ALTER TABLE "csaf_providers" ALTER COLUMN "url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "csaf_providers" ADD COLUMN "kind" text DEFAULT 'metadata' NOT NULL;