from federation.models.actors import LocalActor, RemoteActor, RemoteFollower
from federation.models.blocks import BlockedAccount, BlockedDomain
from federation.models.delivery import Delivery, Inbox, OutgoingActivity
from federation.models.reports import RemoteReport

__all__ = [
    "BlockedAccount",
    "BlockedDomain",
    "Delivery",
    "Inbox",
    "LocalActor",
    "OutgoingActivity",
    "RemoteActor",
    "RemoteFollower",
    "RemoteReport",
]
