CREATE TABLE "security_statement_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"software_version_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"requested_by" text,
	"requested_by_label" text NOT NULL,
	"message" text,
	"requested_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "security_statement_requests" ADD CONSTRAINT "security_statement_requests_software_version_id_software_versions_id_fk" FOREIGN KEY ("software_version_id") REFERENCES "public"."software_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_statement_requests" ADD CONSTRAINT "security_statement_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_statement_requests" ADD CONSTRAINT "security_statement_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "security_statement_requests_customer_version_idx" ON "security_statement_requests" USING btree ("customer_id","software_version_id");--> statement-breakpoint
CREATE INDEX "security_statement_requests_version_idx" ON "security_statement_requests" USING btree ("software_version_id");