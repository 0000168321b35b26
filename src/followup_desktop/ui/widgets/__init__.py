"""Small widgets and helpers every page uses: labels, cards, links, times, the banners."""
