"""The public and the signed-in reader's pages of posts, and the citizens' writes."""
