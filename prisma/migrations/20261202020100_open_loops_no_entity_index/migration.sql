-- The projector no longer looks up an entity's loop rows by entity: it knows them from the
-- entity's stored state (the rows derived from it, src/server/projector/project-events.ts,
-- rowsBefore), and where it cannot (a state refolded from the log) it deletes by the ids the
-- entity's events could have opened. No reader lists loops by entity (time travel replays the
-- log). The index cost a random-key B-tree insert on every loop write (~0.7 per event in
-- bench:projector's catch-up) and ~34 MB per million events of the buffer cache those writes share.
DROP INDEX "idx_open_loops_entity";
