-- Channel changes are announced on switchyard_channels (payload: the channel id), so a running server reloads its
-- channel table at once when the CLI or another instance adds, edits, enables or disables a channel, instead of at
-- its next background reload (up to 5 s later: a channel disabled from the CLI kept serving meanwhile).
CREATE FUNCTION "channel_announce"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchyard_channels', coalesce(NEW."id", OLD."id")::text);
  RETURN NULL;
END $$;
CREATE TRIGGER "channels_announce" AFTER INSERT OR UPDATE OR DELETE ON "channels"
  FOR EACH ROW EXECUTE FUNCTION "channel_announce"();
