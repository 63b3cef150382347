"""`make bench`: performance figures of the edition, outside the product package."""
