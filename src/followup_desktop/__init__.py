"""followup-desktop: follow up after every job interview, on time and in the right way.

Name, version and application id are defined here once; packaging, the desktop entry and the
GUI read them from this module.
"""

APP_NAME = "Follow-up"
APP_SLUG = "followup-desktop"
APP_ID = "io.github.followup_desktop.FollowUp"
# Qt files the settings under the organization (~/.config/ORG_NAME/APP_SLUG.conf on Linux).
ORG_NAME = "followup-desktop"
ORG_DOMAIN = "followup_desktop.github.io"
__version__ = "0.1.0"
