//! One logical operation against the backend, as the layers above name it:
//! what it is (for the Monitor's category and the logs) and its correlation
//! id (sent as `X-Correlation-Id`).

use crate::domain::ids::CorrelationId;
use crate::domain::monitoring::Category;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    SignUp,
    SignIn,
    RefreshSession,
    ListProviders,
    GetProvider,
    CheckHealth,
    ReportErrors,
    ListErrorReports,
    CreateBooking,
    GetBooking,
    ListBookings,
    ChangeBookingStatus,
    LoadMessages,
    LoadChanges,
    SendMessage,
    EditMessage,
    DeleteMessage,
    React,
    Unreact,
    LoadReactions,
    LoadMembers,
    MarkReceipts,
    Typing,
    LoadPresence,
    SearchMessages,
    LoadInbox,
    Block,
    Unblock,
    LoadPhoto,
    LoadLimits,
    BookingSources,
    ResponseTimes,
}

impl Operation {
    /// A stable dotted name for logs and error records.
    pub fn name(self) -> &'static str {
        match self {
            Self::SignUp => "auth.sign_up",
            Self::SignIn => "auth.sign_in",
            Self::RefreshSession => "auth.refresh",
            Self::ListProviders => "providers.list",
            Self::GetProvider => "providers.get",
            Self::CheckHealth => "backend.health",
            Self::ReportErrors => "monitor.report",
            Self::ListErrorReports => "monitor.list_reports",
            Self::CreateBooking => "bookings.create",
            Self::GetBooking => "bookings.get",
            Self::ListBookings => "bookings.list",
            Self::ChangeBookingStatus => "bookings.change_status",
            Self::LoadMessages => "chat.load",
            Self::LoadChanges => "chat.changes",
            Self::SendMessage => "chat.send",
            Self::EditMessage => "chat.edit",
            Self::DeleteMessage => "chat.delete",
            Self::React => "chat.react",
            Self::Unreact => "chat.unreact",
            Self::LoadReactions => "chat.reactions",
            Self::LoadMembers => "chat.members",
            Self::MarkReceipts => "chat.mark",
            Self::Typing => "chat.typing",
            Self::LoadPresence => "chat.presence",
            Self::SearchMessages => "chat.search",
            Self::LoadInbox => "chat.inbox",
            Self::Block => "chat.block",
            Self::Unblock => "chat.unblock",
            Self::LoadPhoto => "chat.photo",
            Self::LoadLimits => "chat.limits",
            Self::BookingSources => "admin.booking_sources",
            Self::ResponseTimes => "admin.response_times",
        }
    }

    /// The area an error of this operation is charged to.
    pub fn category(self) -> Category {
        match self {
            Self::SignUp | Self::SignIn | Self::RefreshSession => Category::Auth,
            Self::CreateBooking
            | Self::GetBooking
            | Self::ListBookings
            | Self::ChangeBookingStatus => Category::Booking,
            Self::LoadMessages
            | Self::LoadChanges
            | Self::SendMessage
            | Self::EditMessage
            | Self::DeleteMessage
            | Self::React
            | Self::Unreact
            | Self::LoadReactions
            | Self::LoadMembers
            | Self::MarkReceipts
            | Self::Typing
            | Self::LoadPresence
            | Self::SearchMessages
            | Self::LoadInbox
            | Self::Block
            | Self::Unblock
            | Self::LoadPhoto
            | Self::LoadLimits => Category::Chat,
            Self::ListProviders
            | Self::GetProvider
            | Self::CheckHealth
            | Self::ReportErrors
            | Self::ListErrorReports
            | Self::BookingSources
            | Self::ResponseTimes => Category::Backend,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub operation: Operation,
    pub correlation: CorrelationId,
}

impl Call {
    pub fn new(operation: Operation, correlation: CorrelationId) -> Self {
        Self {
            operation,
            correlation,
        }
    }
}
