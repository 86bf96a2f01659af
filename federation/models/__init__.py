from federation.models.actors import LocalActor, RemoteActor, RemoteFollower
from federation.models.blocks import BlockedAccount, BlockedDomain
from federation.models.delivery import Delivery, Inbox, OutgoingActivity

__all__ = [
    "BlockedAccount",
    "BlockedDomain",
    "Delivery",
    "Inbox",
    "LocalActor",
    "OutgoingActivity",
    "RemoteActor",
    "RemoteFollower",
]
