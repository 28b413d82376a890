//! ActivityStreams 2.0 / ActivityPub wire types.
