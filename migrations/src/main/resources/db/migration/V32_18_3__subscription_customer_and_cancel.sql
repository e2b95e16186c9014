-- Changing or cancelling a plan in Stripe's Customer Portal (docs/plans.md, ADR 0043): the portal is opened for the
-- subscription's Stripe customer, and a cancellation at the period's end keeps the plan until then, so both are kept
-- from the subscription's events. customer_id is Stripe's id (cus_…), never an email.
ALTER TABLE subscription ADD COLUMN customer_id VARCHAR(255);
ALTER TABLE subscription ADD COLUMN cancel_at_period_end BOOLEAN NOT NULL DEFAULT false;
