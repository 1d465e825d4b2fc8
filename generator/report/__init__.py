"""Report mechanics every command shares: where output goes, JSON documents, GitHub escaping."""
