-- Refunds and disputes of purchases ("credit-ledger" projection): a clawback takes back the unspent credits of the
-- lot and the account owes the rest until later credits pay it or an admin settles it. The ledger keeps what is
-- owed next to the balance, and the payment intent of each purchase, which the provider's refunds and disputes name.
ALTER TABLE credit_ledger
    ADD COLUMN owed_change       BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN owed_after        BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN payment_intent_id TEXT;
CREATE INDEX credit_ledger_payment_intent_idx ON credit_ledger (payment_intent_id) WHERE payment_intent_id IS NOT NULL;

ALTER TABLE credit_account ADD COLUMN owed BIGINT NOT NULL DEFAULT 0;
