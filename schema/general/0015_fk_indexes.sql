-- General compartment: every column that refers to another row has an index, so deleting the row
-- it refers to finds its referrers by the index instead of reading the whole table. Without one on
-- contacts.episode_id, each episode a retention run deleted read every contact (20,000 women:
-- about 15 s a woman).
CREATE INDEX IF NOT EXISTS contacts_episode ON contacts(episode_id);
CREATE INDEX IF NOT EXISTS user_keys_user ON user_keys(user_id);
CREATE INDEX IF NOT EXISTS client_access_user ON client_access(user_id);
