CREATE TABLE "cra_proposal_dismissals" (
	"key" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"summary" text NOT NULL,
	"dismissed_by_id" text,
	"dismissed_by" text NOT NULL,
	"dismissed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cra_proposal_dismissals" ADD CONSTRAINT "cra_proposal_dismissals_dismissed_by_id_users_id_fk" FOREIGN KEY ("dismissed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;